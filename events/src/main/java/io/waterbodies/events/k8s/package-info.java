/**
 * Argo Events' {@code k8s} and {@code argoWorkflow} triggers for the {@link
 * io.waterbodies.events.sensor.Sensor}, over {@link io.waterbodies.argo.k8s.ArgoKubernetes}: the
 * sensor creates (updates, patches, deletes) Kubernetes objects and submits Workflows, exactly once
 * per event.
 */
package io.waterbodies.events.k8s;
