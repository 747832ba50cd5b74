package io.waterbodies.events.watch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a {@link StacWatcher} keeps its checkpoint and seen-set and emits its events: Redis (the
 * default: a sorted set, a key and XADD/PUBLISH in one Lua script) or, for the embedded pipeline
 * without servers, the in-memory event bus. Implementations must mark an item seen and emit it
 * atomically, so a crash neither loses nor repeats an item.
 */
public interface WatcherPort extends AutoCloseable {
  /** The stored checkpoint, if any. */
  Optional<Instant> checkpoint();

  /** Stores the checkpoint. */
  void checkpoint(Instant next);

  /**
   * Emits one item's event unless its {@code member} ({@code collection/id}) was seen.
   *
   * @param score the item's datetime in epoch milliseconds (for {@link #forget})
   * @param fields the event fields ({@code subject}, {@code producer}, {@code href}, {@code id},
   *     {@code collection}, {@code datetime})
   * @return true when emitted, false when seen before
   */
  boolean emit(String member, long score, ObjectNode fields);

  /** Drops seen-set members scored before {@code score} (older than any window can reach). */
  void forget(long score);

  /** Whether the port's connection is up (for the health view); in-memory ports always are. */
  default boolean connected() {
    return true;
  }

  /** Disconnects what the port opened. */
  @Override
  void close();
}
