/**
 * The {@code io.kubernetes:client-java} half of {@link io.waterbodies.argo.k8s.ArgoKubernetes}
 * (internal): client configuration and raw REST calls.
 */
package io.waterbodies.argo.k8s.internal;
