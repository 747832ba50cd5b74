package io.waterbodies.events.sensor;

import java.util.Optional;

/**
 * Chooses the implementation of each trigger of a sensor from its spec; empty when it has none (the
 * sensor then refuses to build, naming the trigger).
 */
@FunctionalInterface
public interface TriggerFactory {
  /** The implementation for {@code spec}, if this factory has one. */
  Optional<Trigger> create(TriggerSpec spec);

  /** This factory's implementation when it has one, else {@code other}'s. */
  default TriggerFactory or(TriggerFactory other) {
    return spec -> {
      Optional<Trigger> t = create(spec);
      return t.isPresent() ? t : other.create(spec);
    };
  }

  /** Argo's {@code log} triggers become {@link LogTrigger}s; nothing else. */
  static TriggerFactory logOnly() {
    return spec -> "log".equals(spec.kind()) ? Optional.of(new LogTrigger()) : Optional.empty();
  }

  /** Every trigger logs its resolved resource (a dry run). */
  static TriggerFactory allLog() {
    return spec -> Optional.of(new LogTrigger());
  }
}
