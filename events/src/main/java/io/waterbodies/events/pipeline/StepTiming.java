package io.waterbodies.events.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * How long one step of a workflow took, as reported by the {@link WorkflowLauncher}.
 *
 * @param step the step (template) name, e.g. {@code crop} or {@code detection}
 * @param duration the wall-clock time
 * @param succeeded whether the step succeeded
 */
public record StepTiming(String step, Duration duration, boolean succeeded) {
  /** Checks the fields. */
  public StepTiming {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(duration, "duration");
  }
}
