package io.waterbodies.argo.k8s;

/** The resource does not exist (HTTP 404). */
public class NotFoundException extends KubernetesApiException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public NotFoundException(String message, String resource, Throwable cause) {
    super(message, resource, 404, cause);
  }
}
