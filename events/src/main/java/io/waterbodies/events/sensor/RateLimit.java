package io.waterbodies.events.sensor;

import java.time.Duration;

/**
 * At most {@code requestsPerUnit} trigger runs per {@code unit} (Argo's {@code rateLimit}); events
 * beyond it wait, they are not dropped.
 *
 * @param unit the time unit (Argo: Second, Minute, Hour)
 * @param requestsPerUnit runs allowed per unit
 */
public record RateLimit(Duration unit, int requestsPerUnit) {
  /** Checks the values. */
  public RateLimit {
    if (requestsPerUnit < 1 || unit.isZero() || unit.isNegative()) {
      throw new IllegalArgumentException("rate limit must allow at least one run per unit");
    }
  }

  /** The spacing between runs. */
  public Duration interval() {
    return unit.dividedBy(requestsPerUnit);
  }
}
