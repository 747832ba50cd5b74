/**
 * Runs a Workflow or WorkflowTemplate in-process: steps and DAG order, parameter substitution,
 * {@code when} conditions, retries, onExit and outputs, with leaf templates bound to Java {@link
 * io.waterbodies.argo.runner.StepHandler}s. For testing a pipeline without a cluster.
 */
package io.waterbodies.argo.runner;
