package io.waterbodies.events.sensor.internal;

import io.waterbodies.core.retry.RetryPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * How the engine decides and paces.
 *
 * @param maxAttempts deliveries before a failing event is dead-lettered
 * @param backoff redelivery delays after failures, and route restart delays
 * @param maxEventBytes events larger than this are dead-lettered unread
 * @param batch deliveries fetched at once per route
 * @param claimExpiry how long an idempotency claim holds when its sensor crashed while firing
 */
public record EngineSettings(
    int maxAttempts, RetryPolicy backoff, int maxEventBytes, int batch, Duration claimExpiry) {
  /** Checks the values. */
  public EngineSettings {
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(claimExpiry, "claimExpiry");
    if (maxAttempts < 1 || batch < 1 || maxEventBytes < 1) {
      throw new IllegalArgumentException("maxAttempts, batch and maxEventBytes must be positive");
    }
  }
}
