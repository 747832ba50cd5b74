package io.waterbodies.events.sensor.internal;

import io.waterbodies.events.sensor.RateLimit;
import java.util.Optional;

/** Spaces trigger runs per {@link RateLimit}; runs beyond it wait, they are not dropped. */
final class RateLimiter {
  private final long intervalNanos;
  private long next;

  RateLimiter(Optional<RateLimit> limit) {
    this.intervalNanos = limit.map(l -> l.interval().toNanos()).orElse(0L);
  }

  void acquire() throws InterruptedException {
    if (intervalNanos == 0) {
      return;
    }
    long wait;
    synchronized (this) {
      long now = System.nanoTime();
      long at = Math.max(now, next);
      next = at + intervalNanos;
      wait = at - now;
    }
    if (wait > 0) {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
  }
}
