/**
 * Internals of the pipeline runtime: the in-memory bus, the local sensor, the workflow executor.
 */
package io.waterbodies.events.pipeline.internal;
