package io.waterbodies.argo.k8s;

import io.waterbodies.argo.ArgoException;

/** The Kubernetes API refused or failed a request; {@link #status()} is the HTTP status. */
public class KubernetesApiException extends ArgoException {
  private static final long serialVersionUID = 1L;
  private final int status;

  /** Creates the exception for a resource path and HTTP status. */
  public KubernetesApiException(String message, String resource, int status, Throwable cause) {
    super(message, resource, null, cause);
    this.status = status;
  }

  /** The HTTP status (0 when the server could not be reached). */
  public int status() {
    return status;
  }

  /**
   * True when sending the same request later may succeed: the server could not be reached (status
   * 0), throttled the request (429) or failed (5xx). Refusals (400, 401, 403, 404, 409, 422) are
   * not retryable.
   */
  public boolean retryable() {
    return status == 0 || status == 429 || status >= 500;
  }
}
