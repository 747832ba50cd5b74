package io.waterbodies.argo.k8s;

/**
 * The API server rejected the resource itself (HTTP 400 Bad Request or 422 Unprocessable Entity): a
 * field is missing or invalid. Sending it again cannot succeed; the message carries the server's
 * reason.
 */
public class InvalidResourceException extends KubernetesApiException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public InvalidResourceException(String message, String resource, int status, Throwable cause) {
    super(message, resource, status, cause);
  }

  /** Never: the same resource would be rejected again (also when checked before sending). */
  @Override
  public boolean retryable() {
    return false;
  }
}
