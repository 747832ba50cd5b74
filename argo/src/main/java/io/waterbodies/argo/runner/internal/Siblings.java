package io.waterbodies.argo.runner.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The children of one steps or DAG node as their siblings see them: outputs and statuses for {@code
 * {{steps.s.outputs.parameters.p}}}, {@code {{tasks.t.status}}} and the like.
 */
public final class Siblings {
  private final String kind;
  private final Map<String, Map<String, String>> outputs = new ConcurrentHashMap<>();
  private final Map<String, String> statuses = new ConcurrentHashMap<>();

  /** {@code steps} or {@code tasks}: the first word of the references. */
  public Siblings(String kind) {
    this.kind = kind;
  }

  /** {@code steps} or {@code tasks}. */
  public String kind() {
    return kind;
  }

  /** Records a child that ran. */
  public void done(String name, Map<String, String> childOutputs, String status) {
    outputs.put(name, childOutputs);
    statuses.put(name, status);
  }

  /** Records a child's status (skipped, omitted, error). */
  public void status(String name, String status) {
    statuses.put(name, status);
  }

  /** A child's output parameter, or null. */
  public String output(String name, String parameter) {
    Map<String, String> o = outputs.get(name);
    return o == null ? null : o.get(parameter);
  }

  /** A child's status, or null. */
  public String status(String name) {
    return statuses.get(name);
  }
}
