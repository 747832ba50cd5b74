package io.waterbodies.argo.k8s;

import io.waterbodies.argo.ArgoException;

/**
 * The Kubernetes client could not be configured: the kubeconfig is missing, unreadable or invalid,
 * or no configuration (kubeconfig or in-cluster service account) was found. The message names the
 * file; it never contains the credentials the file holds.
 */
public class KubeconfigException extends ArgoException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for a kubeconfig file (or another configuration source). */
  public KubeconfigException(String message, String source, Throwable cause) {
    super(message, source, null, cause);
  }
}
