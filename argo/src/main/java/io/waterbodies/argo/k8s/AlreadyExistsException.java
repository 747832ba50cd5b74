package io.waterbodies.argo.k8s;

/** A resource of that name already exists (HTTP 409 on create). */
public class AlreadyExistsException extends KubernetesApiException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public AlreadyExistsException(String message, String resource, Throwable cause) {
    super(message, resource, 409, cause);
  }
}
