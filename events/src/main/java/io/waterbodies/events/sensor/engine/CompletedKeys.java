package io.waterbodies.events.sensor.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The idempotency keys of triggers that ran. A key is claimed atomically before its trigger fires,
 * so two routes or two sensor replicas never fire one key twice; a claim that is neither completed
 * nor released (a crashed sensor) expires.
 *
 * <p>The engine claims and records the keys of a fetched batch together ({@link #claimAll}, {@link
 * #completeAllAsync}); their default implementations go key by key, and a store that can pipeline
 * (JetStream) overrides them to pay one round trip per batch instead of one per key.
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
   * One key of a batch.
   *
   * @param key the idempotency key
   * @param eventIds the ids of the events it stands for, comma-separated (kept with the key)
   */
  record Entry(String key, String eventIds) {
    /** Checks the values. */
    public Entry {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(eventIds, "eventIds");
    }
  }

  /**
   * What the store answered for one key of a batch: its claim, or the failure that kept the store
   * from answering (that delivery is then handed back and claimed again later).
   *
   * @param claim the claim when the store answered
   * @param failure why it could not, otherwise
   */
  record Outcome(Optional<Claim> claim, Optional<Exception> failure) {
    /** Checks that exactly one of the two is present. */
    public Outcome {
      if (claim.isPresent() == failure.isPresent()) {
        throw new IllegalArgumentException("an outcome is either a claim or a failure");
      }
    }

    /** The store answered. */
    public static Outcome of(Claim claim) {
      return new Outcome(Optional.of(claim), Optional.empty());
    }

    /** The store could not answer. */
    public static Outcome failed(Exception failure) {
      return new Outcome(Optional.empty(), Optional.of(failure));
    }
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

  /**
   * Claims several distinct keys, each with the semantics of {@link #claim}; one key failing does
   * not keep the others from being claimed.
   *
   * @return one outcome per entry, in the order of {@code entries}
   */
  default List<Outcome> claimAll(List<Entry> entries, Duration expiry) {
    List<Outcome> out = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      try {
        out.add(Outcome.of(claim(e.key(), e.eventIds(), expiry)));
      } catch (InterruptedException x) {
        Thread.currentThread().interrupt();
        out.add(Outcome.failed(x));
      } catch (Exception x) {
        out.add(Outcome.failed(x));
      }
    }
    return out;
  }

  /**
   * Records several keys, each with the semantics of {@link #complete}.
   *
   * @return the failure of each key that could not be recorded, by key (empty: all recorded)
   */
  default Map<String, Exception> completeAll(List<Entry> entries) {
    Map<String, Exception> failed = new LinkedHashMap<>();
    for (Entry e : entries) {
      try {
        complete(e.key(), e.eventIds());
      } catch (InterruptedException x) {
        Thread.currentThread().interrupt();
        failed.put(e.key(), x);
      } catch (Exception x) {
        failed.put(e.key(), x);
      }
    }
    return failed;
  }

  /**
   * {@link #completeAll} without waiting: the engine acknowledges the batch when this completes,
   * and meanwhile handles the next one. The default records at once, in the caller's thread.
   *
   * @return the failure of each key that could not be recorded, by key (empty: all recorded)
   */
  default CompletableFuture<Map<String, Exception>> completeAllAsync(List<Entry> entries) {
    return CompletableFuture.completedFuture(completeAll(entries));
  }
}
