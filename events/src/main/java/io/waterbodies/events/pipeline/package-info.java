/**
 * The pipeline builder: one programmatic definition of the reference system (STAC source, Redis,
 * event bus, sensor, workflow, result store) that runs embedded in one JVM. The workflow itself is
 * plugged in through {@link io.waterbodies.events.pipeline.WorkflowLauncher}.
 */
package io.waterbodies.events.pipeline;
