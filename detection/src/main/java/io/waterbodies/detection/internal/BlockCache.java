package io.waterbodies.detection.internal;

import io.waterbodies.detection.DetectionException;
import io.waterbodies.detection.RasterReadException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Compressed blocks (tiles or strips) of one remote file, fetched once and handed to each band
 * reader of that file: two bands of a pixel-interleaved file live in the same blocks, and
 * WaterDetector reads them at the same time on two threads, so without sharing each block crossed
 * the network twice. A block being fetched by one reader is awaited by the other, not fetched
 * again.
 *
 * <p>Memory stays bounded: nothing is kept while a single reader uses the file; otherwise a block
 * is dropped once every registered reader took it, and the oldest finished blocks are dropped when
 * the kept bytes exceed the limit (a reader that needs one again fetches it again). Thread-safe.
 */
public final class BlockCache {
  private final long maxBytes;
  private final LinkedHashMap<Long, Slot> slots = new LinkedHashMap<>();
  private int readers;
  private long bytes;
  private int waiting;

  /** One block: its bytes when fetched, and how many readers have still to take it. */
  private static final class Slot {
    final CompletableFuture<byte[]> data = new CompletableFuture<>();
    int pending;
    boolean done;
  }

  /** A fetch of the blocks a reader claimed: fills {@code out[i]} with block {@code offsets[i]}. */
  @FunctionalInterface
  public interface Fetcher {
    /** Fetches the blocks at {@code offsets} (sorted) with {@code counts} bytes each. */
    void fetch(long[] offsets, int[] counts, byte[][] out);
  }

  /** A cache keeping at most {@code maxBytes} of fetched blocks. */
  public BlockCache(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Counts a reader of the file; blocks are kept for the others only while there are two. */
  public synchronized void register() {
    readers++;
  }

  /** Uncounts a reader (closed). */
  public synchronized void unregister() {
    readers = Math.max(0, readers - 1);
    if (readers < 2) {
      clear();
    }
  }

  /** Drops every finished block. */
  public synchronized void clear() {
    slots.values().removeIf(s -> s.done);
    bytes = 0;
  }

  /** How many blocks readers are waiting for while another reader fetches them (for tests). */
  synchronized int waiting() {
    return waiting;
  }

  /** Bytes of finished blocks kept now (for tests). */
  public synchronized long keptBytes() {
    return bytes;
  }

  /**
   * The blocks at {@code offsets} with {@code counts} bytes each (sorted by offset, no duplicates):
   * those another reader fetched or is fetching are taken from it, the rest are fetched with {@code
   * fetcher} in one call and offered to the other readers.
   *
   * @throws RasterReadException when a fetch fails (the reader's own or the one it waited for)
   */
  public byte[][] get(long[] offsets, int[] counts, Fetcher fetcher) {
    int n = offsets.length;
    byte[][] out = new byte[n][];
    List<Integer> mine = new ArrayList<>();
    Slot[] theirs = new Slot[n];
    Slot[] own = new Slot[n];
    int awaited = 0;
    synchronized (this) {
      boolean share = readers >= 2;
      for (int i = 0; i < n; i++) {
        Slot s = slots.get(offsets[i]);
        if (s != null) {
          take(offsets[i], s);
          theirs[i] = s;
          if (!s.done) {
            awaited++;
          }
        } else {
          mine.add(i);
          if (share) {
            s = new Slot();
            s.pending = readers - 1;
            slots.put(offsets[i], s);
            own[i] = s;
          }
        }
      }
      waiting += awaited;
    }
    if (!mine.isEmpty()) {
      fetchOwn(offsets, counts, fetcher, out, mine, own);
    }
    try {
      for (int i = 0; i < n; i++) {
        if (theirs[i] != null) {
          out[i] = await(theirs[i]);
        }
      }
    } finally {
      synchronized (this) {
        waiting -= awaited;
      }
    }
    return out;
  }

  private void fetchOwn(
      long[] offsets, int[] counts, Fetcher fetcher, byte[][] out, List<Integer> mine, Slot[] own) {
    long[] o = new long[mine.size()];
    int[] c = new int[mine.size()];
    for (int k = 0; k < o.length; k++) {
      o[k] = offsets[mine.get(k)];
      c[k] = counts[mine.get(k)];
    }
    byte[][] got = new byte[o.length][];
    Throwable failure = null;
    try {
      fetcher.fetch(o, c, got);
    } catch (RuntimeException | Error e) {
      failure = e;
      throw e;
    } finally {
      synchronized (this) {
        for (int k = 0; k < o.length; k++) {
          int i = mine.get(k);
          out[i] = got[k];
          Slot s = own[i];
          if (s == null) {
            continue;
          }
          if (failure != null) {
            // Waiters fail with the same error; a later read may try again.
            slots.remove(o[k], s);
            s.data.completeExceptionally(failure);
          } else {
            s.done = true;
            s.data.complete(got[k]);
            if (s.pending <= 0) {
              slots.remove(o[k], s);
            } else if (slots.get(o[k]) == s) {
              bytes += got[k].length;
            }
          }
        }
        trim();
      }
    }
  }

  /** One reader took a slot: drop it when it was the last one waited for. */
  private void take(long offset, Slot s) {
    s.pending--;
    if (s.pending <= 0) {
      slots.remove(offset);
      if (s.done) {
        bytes -= s.data.getNow(new byte[0]).length;
      }
    }
  }

  /** Drops the oldest finished blocks while over the limit. */
  private void trim() {
    Iterator<Map.Entry<Long, Slot>> it = slots.entrySet().iterator();
    while (bytes > maxBytes && it.hasNext()) {
      Slot s = it.next().getValue();
      if (s.done) {
        bytes -= s.data.getNow(new byte[0]).length;
        it.remove();
      }
    }
  }

  private static byte[] await(Slot s) {
    try {
      return s.data.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DetectionException("interrupted while waiting for a block", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw (Error) e.getCause();
    }
  }
}
