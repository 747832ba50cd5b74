package io.waterbodies.argo.runner;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One executed node of a local run.
 *
 * @param name dotted path, e.g. {@code wf.main.prepare}
 * @param template the template the node ran
 * @param phase the outcome
 * @param started when it started
 * @param finished when it ended
 * @param attempts attempts made (0 when skipped)
 * @param outputs output parameters
 * @param message why it failed or was skipped
 */
public record NodeResult(
    String name,
    String template,
    NodePhase phase,
    Instant started,
    Instant finished,
    int attempts,
    Map<String, String> outputs,
    Optional<String> message) {
  /** Checks and copies the fields. */
  public NodeResult {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(finished, "finished");
    outputs = Map.copyOf(outputs);
    Objects.requireNonNull(message, "message");
  }

  /** How long the node took. */
  public Duration duration() {
    return Duration.between(started, finished);
  }
}
