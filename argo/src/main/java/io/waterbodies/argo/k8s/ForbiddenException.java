package io.waterbodies.argo.k8s;

/** The credentials may not do this (HTTP 401/403): check the service account's RBAC. */
public class ForbiddenException extends KubernetesApiException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public ForbiddenException(String message, String resource, int status, Throwable cause) {
    super(message, resource, status, cause);
  }
}
