package io.waterbodies.events.sensor;

/** How the results of several filters combine ({@code and} is Argo's default). */
public enum LogicalOperator {
  /** Every filter must pass. */
  AND,
  /** At least one filter must pass. */
  OR
}
