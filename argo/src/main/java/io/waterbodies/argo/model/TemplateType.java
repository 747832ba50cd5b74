package io.waterbodies.argo.model;

/** What a template does; exactly one per template. */
public enum TemplateType {
  /** Runs a container. */
  CONTAINER("container"),
  /** Runs a script in a container. */
  SCRIPT("script"),
  /** Creates, applies or deletes a Kubernetes resource. */
  RESOURCE("resource"),
  /** Runs groups of steps in order, the steps of a group in parallel. */
  STEPS("steps"),
  /** Runs tasks in dependency order. */
  DAG("dag"),
  /** Waits until resumed. */
  SUSPEND("suspend"),
  /** None of the kinds above (a kind this SDK does not model, e.g. {@code http}). */
  OTHER("");

  private final String field;

  TemplateType(String field) {
    this.field = field;
  }

  /** The manifest field that holds this kind. */
  public String field() {
    return field;
  }
}
