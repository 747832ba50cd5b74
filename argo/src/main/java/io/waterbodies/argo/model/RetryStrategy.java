package io.waterbodies.argo.model;

import java.util.Objects;
import java.util.Optional;

/**
 * An Argo {@code retryStrategy}: how many times to retry, on which failures, and with which
 * backoff.
 *
 * @param limit retries after the first attempt
 * @param retryPolicy {@code Always}, {@code OnFailure}, {@code OnError} or {@code OnTransientError}
 * @param backoffDuration first backoff, e.g. {@code "5s"}
 * @param backoffFactor multiplier between backoffs
 * @param backoffMaxDuration cap of the total backoff, e.g. {@code "1m"}
 */
public record RetryStrategy(
    int limit,
    Optional<String> retryPolicy,
    Optional<String> backoffDuration,
    Optional<Integer> backoffFactor,
    Optional<String> backoffMaxDuration) {
  /** Checks the fields. */
  public RetryStrategy {
    if (limit < 0) {
      throw new IllegalArgumentException("retry limit must be >= 0, got " + limit);
    }
    Objects.requireNonNull(retryPolicy, "retryPolicy");
    Objects.requireNonNull(backoffDuration, "backoffDuration");
    Objects.requireNonNull(backoffFactor, "backoffFactor");
    Objects.requireNonNull(backoffMaxDuration, "backoffMaxDuration");
  }

  /** Retries {@code limit} times without backoff, on any failure. */
  public static RetryStrategy limit(int limit) {
    return new RetryStrategy(
        limit, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** The same strategy with an exponential backoff. */
  public RetryStrategy withBackoff(String duration, int factor, String maxDuration) {
    return new RetryStrategy(
        limit,
        retryPolicy,
        Optional.of(duration),
        Optional.of(factor),
        Optional.ofNullable(maxDuration));
  }

  /** The same strategy with a retry policy. */
  public RetryStrategy withPolicy(String policy) {
    return new RetryStrategy(
        limit, Optional.of(policy), backoffDuration, backoffFactor, backoffMaxDuration);
  }
}
