package io.waterbodies.core.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently to retry a failed operation: a bound on attempts, exponential backoff
 * from {@code initialDelay} by {@code multiplier} up to {@code maxDelay}, and full jitter (each
 * delay is drawn uniformly between {@code (1 - jitter) * d} and {@code d}) so that many clients do
 * not retry in lockstep.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.builder().maxAttempts(5).initialDelay(Duration.ofMillis(200)).build();
 * }</pre>
 */
public final class RetryPolicy {
  /** No retries: one attempt. */
  public static final RetryPolicy NONE = builder().maxAttempts(1).build();

  private final int maxAttempts;
  private final Duration initialDelay;
  private final Duration maxDelay;
  private final double multiplier;
  private final double jitter;

  private RetryPolicy(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.initialDelay = b.initialDelay;
    this.maxDelay = b.maxDelay;
    this.multiplier = b.multiplier;
    this.jitter = b.jitter;
  }

  /** A builder with defaults: 4 attempts, 250 ms initial delay, x2, at most 10 s, jitter 0.5. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this policy's values. */
  public Builder toBuilder() {
    return new Builder()
        .maxAttempts(maxAttempts)
        .initialDelay(initialDelay)
        .maxDelay(maxDelay)
        .multiplier(multiplier)
        .jitter(jitter);
  }

  /** Attempts in all, the first included; at least 1. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** Delay before the first retry, before jitter. */
  public Duration initialDelay() {
    return initialDelay;
  }

  /** Upper bound of any delay. */
  public Duration maxDelay() {
    return maxDelay;
  }

  /** Growth factor between retries. */
  public double multiplier() {
    return multiplier;
  }

  /** Fraction of each delay that is randomised, 0 to 1. */
  public double jitter() {
    return jitter;
  }

  /** True when another attempt may follow attempt number {@code attempt} (1-based). */
  public boolean canRetryAfter(int attempt) {
    return attempt < maxAttempts;
  }

  /**
   * The delay to wait after failed attempt number {@code attempt} (1-based), jitter applied, capped
   * at {@link #maxDelay()}.
   */
  public Duration delayAfter(int attempt) {
    double base = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
    double capped = Math.min(base, maxDelay.toMillis());
    double low = capped * (1 - jitter);
    double drawn =
        jitter == 0 ? capped : low + ThreadLocalRandom.current().nextDouble() * (capped - low);
    return Duration.ofMillis(Math.round(drawn));
  }

  /**
   * The delay after attempt {@code attempt} when the server asked for {@code serverHint} (for
   * example an HTTP {@code Retry-After}): the larger of the two, capped at {@link #maxDelay()}.
   */
  public Duration delayAfter(int attempt, Duration serverHint) {
    Duration own = delayAfter(attempt);
    Duration wanted = serverHint.compareTo(own) > 0 ? serverHint : own;
    return wanted.compareTo(maxDelay) > 0 ? maxDelay : wanted;
  }

  @Override
  public String toString() {
    return "RetryPolicy[maxAttempts="
        + maxAttempts
        + ", initialDelay="
        + initialDelay
        + ", maxDelay="
        + maxDelay
        + ", multiplier="
        + multiplier
        + ", jitter="
        + jitter
        + "]";
  }

  /** Builds a {@link RetryPolicy}; values are checked in {@link #build()}. */
  public static final class Builder {
    private int maxAttempts = 4;
    private Duration initialDelay = Duration.ofMillis(250);
    private Duration maxDelay = Duration.ofSeconds(10);
    private double multiplier = 2.0;
    private double jitter = 0.5;

    private Builder() {}

    /** Attempts in all, the first included. */
    public Builder maxAttempts(int n) {
      this.maxAttempts = n;
      return this;
    }

    /** Delay before the first retry. */
    public Builder initialDelay(Duration d) {
      this.initialDelay = Objects.requireNonNull(d, "initialDelay");
      return this;
    }

    /** Upper bound of any delay. */
    public Builder maxDelay(Duration d) {
      this.maxDelay = Objects.requireNonNull(d, "maxDelay");
      return this;
    }

    /** Growth factor between retries, at least 1. */
    public Builder multiplier(double m) {
      this.multiplier = m;
      return this;
    }

    /** Fraction of each delay that is randomised, from 0 (none) to 1 (full jitter). */
    public Builder jitter(double j) {
      this.jitter = j;
      return this;
    }

    /**
     * The policy.
     *
     * @throws IllegalArgumentException naming the offending setting
     */
    public RetryPolicy build() {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
      }
      if (initialDelay.isNegative() || maxDelay.isNegative()) {
        throw new IllegalArgumentException("retry delays must not be negative");
      }
      if (maxDelay.compareTo(initialDelay) < 0) {
        throw new IllegalArgumentException(
            "maxDelay " + maxDelay + " is shorter than initialDelay " + initialDelay);
      }
      if (!(multiplier >= 1.0)) {
        throw new IllegalArgumentException("multiplier must be at least 1, got " + multiplier);
      }
      if (!(jitter >= 0 && jitter <= 1)) {
        throw new IllegalArgumentException("jitter must be between 0 and 1, got " + jitter);
      }
      return new RetryPolicy(this);
    }
  }
}
