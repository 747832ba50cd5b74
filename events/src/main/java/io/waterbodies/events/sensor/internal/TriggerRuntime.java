package io.waterbodies.events.sensor.internal;

import io.waterbodies.events.sensor.Trigger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One trigger at run time: its compiled parameter mapping, conditions and {@code conditionsReset}
 * schedules (all from {@link CompiledTrigger}), implementation and rate limit.
 */
final class TriggerRuntime {
  final CompiledTrigger compiled;
  final Trigger impl;
  final RateLimiter limiter;

  TriggerRuntime(CompiledTrigger compiled, Trigger impl) {
    this.compiled = compiled;
    this.impl = impl;
    this.limiter = new RateLimiter(compiled.spec().rateLimit());
  }

  String name() {
    return compiled.spec().name();
  }

  /** The dependencies the trigger needs, one route each. */
  List<String> dependencies() {
    return compiled.dependencies();
  }

  /** Whether the dependencies with events satisfy the trigger's conditions. */
  boolean satisfiedBy(Set<String> withEvents) {
    return compiled.satisfiedBy(withEvents);
  }

  /**
   * True when one event alone cannot always satisfy the condition, so events are held until their
   * partners arrive: Argo's {@code requiresANDLogic} ({@code &} in the conditions, or several
   * dependencies without conditions, which Argo joins with {@code &&}).
   */
  boolean waitsForPartners() {
    return compiled
        .spec()
        .conditions()
        .map(c -> c.contains("&"))
        .orElse(compiled.dependencies().size() > 1);
  }

  /** The next {@code conditionsReset} time after {@code after}, if any. */
  Optional<Instant> nextReset(Instant after) {
    return compiled.nextConditionsReset(after);
  }

  boolean hasResets() {
    return compiled.hasConditionsReset();
  }
}
