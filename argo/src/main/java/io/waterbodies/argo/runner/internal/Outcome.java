package io.waterbodies.argo.runner.internal;

import io.waterbodies.argo.runner.NodePhase;
import java.util.Map;
import java.util.Optional;

/**
 * How a node ended.
 *
 * @param phase its phase
 * @param outputs its output parameters
 * @param message why it did not succeed
 */
public record Outcome(NodePhase phase, Map<String, String> outputs, Optional<String> message) {
  /** A node that succeeded with these outputs. */
  public static Outcome succeeded(Map<String, String> outputs) {
    return new Outcome(NodePhase.SUCCEEDED, outputs, Optional.empty());
  }

  /** A node that was skipped. */
  public static Outcome skipped() {
    return new Outcome(NodePhase.SKIPPED, Map.of(), Optional.empty());
  }

  /** A node that failed or errored with this message. */
  public static Outcome failed(NodePhase phase, String message) {
    return new Outcome(phase, Map.of(), Optional.of(message));
  }

  /** True for {@link NodePhase#FAILED} and {@link NodePhase#ERROR}. */
  public boolean failed() {
    return phase == NodePhase.FAILED || phase == NodePhase.ERROR;
  }
}
