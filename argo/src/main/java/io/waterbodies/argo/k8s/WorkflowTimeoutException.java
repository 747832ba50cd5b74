package io.waterbodies.argo.k8s;

import io.waterbodies.argo.ArgoException;

/** A Workflow did not complete within the time given to {@link ArgoKubernetes#await}. */
public class WorkflowTimeoutException extends ArgoException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception naming the workflow. */
  public WorkflowTimeoutException(String message, String workflow) {
    super(message, workflow, null, null);
  }
}
