/**
 * Submitting Argo resources to Kubernetes with the official Java client ({@code
 * io.kubernetes:client-java}, CustomObjectsApi): create, apply, get, watch to completion, delete.
 */
package io.waterbodies.argo.k8s;
