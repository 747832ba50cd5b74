package io.waterbodies.argo.k8s;

/**
 * The API server could not be reached (connection refused, DNS, TLS, timeout): {@link #status()} is
 * 0. Retrying later may succeed.
 */
public class ApiServerUnreachableException extends KubernetesApiException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public ApiServerUnreachableException(String message, String resource, Throwable cause) {
    super(message, resource, 0, cause);
  }
}
