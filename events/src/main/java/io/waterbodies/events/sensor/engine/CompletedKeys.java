package io.waterbodies.events.sensor.engine;

import java.time.Duration;

/**
 * The idempotency keys of triggers that ran. A key is claimed atomically before its trigger fires,
 * so two routes or two sensor replicas never fire one key twice; a claim that is neither completed
 * nor released (a crashed sensor) expires.
 */
public interface CompletedKeys {
  /** What {@link #claim} found. */
  enum Claim {
    /** The caller owns the key now and may fire. */
    CLAIMED,
    /** The trigger already ran for this key: a duplicate. */
    DONE,
    /** Another route or replica is firing it right now; try again later. */
    BUSY
  }

  /**
   * Claims the key unless it is done or claimed by someone else whose claim has not expired.
   *
   * @param expiry how long the claim holds without {@link #complete} or {@link #release}
   * @throws Exception when the store cannot be reached
   */
  Claim claim(String key, String eventId, Duration expiry) throws Exception;

  /**
   * Records that the trigger ran.
   *
   * @throws Exception when the store cannot be reached; the caller retries the record only
   */
  void complete(String key, String eventId) throws Exception;

  /**
   * Gives a claim up after the trigger failed, so a retry can claim it again.
   *
   * @throws Exception when the store cannot be reached (the claim then expires)
   */
  void release(String key) throws Exception;
}
