/**
 * Submitting Argo resources, and any Kubernetes object, with the official Java client ({@code
 * io.kubernetes:client-java}, an optional dependency): create, apply, get, patch, watch to
 * completion, delete; typed API errors; the naming rules ({@link
 * io.waterbodies.argo.k8s.ResourceNames}).
 */
package io.waterbodies.argo.k8s;
