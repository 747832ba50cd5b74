/** Counters every events component exposes: in, out, failed, redelivered, dead-lettered, lag. */
package io.waterbodies.events.metrics;
