/**
 * Event-driven plumbing wire-compatible with Argo Events: CloudEvents envelopes, a STAC watcher
 * that publishes to Redis, a Redis event source feeding a NATS JetStream event bus, and a sensor
 * that filters events and triggers workflows at least once.
 */
package io.waterbodies.events;
