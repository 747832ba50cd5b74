package io.waterbodies.argo.k8s;

import io.waterbodies.argo.ArgoException;

/**
 * {@link ArgoKubernetes} was used but the official Kubernetes client is not on the class path: it
 * is an optional dependency of {@code waterbodies-argo}, so applications that only render and
 * validate manifests do not carry it. Add {@value #ARTIFACT} to use the cluster features.
 */
public class KubernetesClientMissingException extends ArgoException {
  private static final long serialVersionUID = 1L;

  /** The Maven coordinates of the missing artifact. */
  public static final String ARTIFACT = "io.kubernetes:client-java";

  /** Creates the exception. */
  public KubernetesClientMissingException(String message, Throwable cause) {
    super(message, cause);
  }
}
