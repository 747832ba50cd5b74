package io.waterbodies.argo.runner;

/** Outcome of a node (or of a whole run), named like Argo's node phases. */
public enum NodePhase {
  /** Completed successfully. */
  SUCCEEDED,
  /** Failed (the handler threw on every attempt, or a child failed). */
  FAILED,
  /** Not run: its {@code when} was false, or a DAG dependency failed. */
  SKIPPED,
  /** Could not run: a reference did not resolve, an input was missing, a template loops. */
  ERROR
}
