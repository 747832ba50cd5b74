package io.waterbodies.events.sensor.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The completed keys and pending events of sensors in one JVM, with the same claim semantics as the
 * JetStream key-value bucket. Nothing survives the JVM.
 */
public final class InMemoryStore implements CompletedKeys, PendingEvents {
  private record State(boolean done, Instant expires) {}

  private final Map<String, State> keys = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Held>> pending = new ConcurrentHashMap<>();
  private final Clock clock;

  /** A store on the system clock. */
  public InMemoryStore() {
    this(Clock.systemUTC());
  }

  /** A store on the given clock (claim expiry). */
  public InMemoryStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Claim claim(String key, String eventId, Duration expiry) {
    Instant now = clock.instant();
    Claim[] result = new Claim[1];
    keys.compute(
        key,
        (k, old) -> {
          if (old == null || (!old.done() && old.expires().isBefore(now))) {
            result[0] = Claim.CLAIMED;
            return new State(false, now.plus(expiry));
          }
          result[0] = old.done() ? Claim.DONE : Claim.BUSY;
          return old;
        });
    return result[0];
  }

  @Override
  public void complete(String key, String eventId) {
    keys.put(key, new State(true, Instant.MAX));
  }

  @Override
  public void release(String key) {
    keys.computeIfPresent(key, (k, old) -> old.done() ? old : null);
  }

  @Override
  public Map<String, Held> load(String trigger, Collection<String> dependencies) {
    synchronized (pending) {
      Map<String, Held> out = new HashMap<>(pending.getOrDefault(trigger, Map.of()));
      out.keySet().retainAll(dependencies);
      return out;
    }
  }

  @Override
  public void save(String trigger, String dependency, Held event) {
    synchronized (pending) {
      pending.computeIfAbsent(trigger, t -> new HashMap<>()).put(dependency, event);
    }
  }

  @Override
  public void clear(String trigger, Collection<String> dependencies, Optional<Instant> before) {
    synchronized (pending) {
      Map<String, Held> m = pending.get(trigger);
      if (m != null) {
        m.entrySet()
            .removeIf(
                e ->
                    dependencies.contains(e.getKey())
                        && (before.isEmpty() || e.getValue().savedAt().isBefore(before.get())));
      }
    }
  }
}
