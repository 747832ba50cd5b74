/**
 * The embedded pipeline's real workflow runtime: {@link
 * io.waterbodies.examples.pipeline.DetectionWorkflowLauncher} runs the reference {@code
 * water-bodies-detection} WorkflowTemplate locally with the detection kernel as its steps.
 */
package io.waterbodies.examples.pipeline;
