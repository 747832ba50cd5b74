/**
 * Argo Workflows and Argo Events resources as typed Java objects: Workflow, WorkflowTemplate (with
 * a Calrissian CWL step), EventSource, EventBus and Sensor; rendering to YAML/JSON, validation
 * against the Argo JSON schemas, Kubernetes submission and watch, and a local in-process workflow
 * runner.
 */
package io.waterbodies.argo;
