package io.waterbodies.detection.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.waterbodies.detection.RasterReadException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BlockCacheTest {
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final List<Long> fetched = java.util.Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /** A fetcher that records what it fetches; block i holds the low byte of its offset. */
  private BlockCache.Fetcher recording() {
    return (offsets, counts, out) -> {
      for (int i = 0; i < offsets.length; i++) {
        fetched.add(offsets[i]);
        out[i] = new byte[counts[i]];
        java.util.Arrays.fill(out[i], (byte) offsets[i]);
      }
    };
  }

  @Test
  void twoReadersAtOnceFetchEachBlockOnceAndKeepNothingAfter() throws Exception {
    BlockCache cache = new BlockCache(1 << 20);
    cache.register();
    cache.register();
    long[] offs = {10, 20, 30, 40};
    int[] counts = {5, 6, 7, 8};
    CountDownLatch inFetch = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    BlockCache.Fetcher slow =
        (o, c, out) -> {
          inFetch.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          recording().fetch(o, c, out);
        };
    Future<byte[][]> first = pool.submit(() -> cache.get(offs, counts, slow));
    assertThat(inFetch.await(10, TimeUnit.SECONDS)).isTrue();
    // The second reader asks while the first is still fetching: it waits for those blocks.
    Future<byte[][]> second = pool.submit(() -> cache.get(offs, counts, recording()));
    awaitWaiting(cache, 4);
    release.countDown();
    byte[][] a = first.get(10, TimeUnit.SECONDS);
    byte[][] b = second.get(10, TimeUnit.SECONDS);
    assertThat(fetched).containsExactly(10L, 20L, 30L, 40L);
    for (int i = 0; i < offs.length; i++) {
      assertThat(a[i]).hasSize(counts[i]).isEqualTo(b[i]);
      assertThat(a[i][0]).isEqualTo((byte) offs[i]);
    }
    assertThat(cache.keptBytes()).as("taken by both readers, then dropped").isZero();
  }

  /** Waits until {@code n} blocks are awaited by a reader (it asked while they were in flight). */
  private static void awaitWaiting(BlockCache cache, int n) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (cache.waiting() < n) {
      assertThat(System.nanoTime()).as("reader waiting for blocks").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  @Test
  void aSingleReaderKeepsNothing() {
    BlockCache cache = new BlockCache(1 << 20);
    cache.register();
    cache.get(new long[] {0, 100}, new int[] {50, 50}, recording());
    assertThat(cache.keptBytes()).isZero();
    cache.get(new long[] {0, 100}, new int[] {50, 50}, recording());
    assertThat(fetched).containsExactly(0L, 100L, 0L, 100L);
  }

  @Test
  void keptBytesStayUnderTheLimit() {
    BlockCache cache = new BlockCache(1000);
    cache.register();
    cache.register();
    for (int k = 0; k < 10; k++) {
      cache.get(new long[] {k * 1000L}, new int[] {400}, recording());
      assertThat(cache.keptBytes()).isLessThanOrEqualTo(1000);
    }
    // The newest blocks are still there for the other reader; the oldest were dropped.
    cache.get(new long[] {9000}, new int[] {400}, recording());
    cache.get(new long[] {0}, new int[] {400}, recording());
    assertThat(fetched.stream().filter(o -> o == 9000L).count()).isEqualTo(1);
    assertThat(fetched.stream().filter(o -> o == 0L).count()).isEqualTo(2);
    cache.unregister();
    assertThat(cache.keptBytes()).isZero();
  }

  @Test
  void aFailedFetchFailsTheWaitingReaderTooAndIsRetriedLater() throws Exception {
    BlockCache cache = new BlockCache(1 << 20);
    cache.register();
    cache.register();
    CountDownLatch inFetch = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    BlockCache.Fetcher failing =
        (o, c, out) -> {
          calls.incrementAndGet();
          inFetch.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          throw new RasterReadException("HTTP 404 (not found)", "http://h/x.tif");
        };
    long[] offs = {7};
    int[] counts = {3};
    Future<byte[][]> first = pool.submit(() -> cache.get(offs, counts, failing));
    assertThat(inFetch.await(10, TimeUnit.SECONDS)).isTrue();
    Future<byte[][]> second = pool.submit(() -> cache.get(offs, counts, recording()));
    awaitWaiting(cache, 1);
    release.countDown();
    for (Future<byte[][]> f : List.of(first, second)) {
      assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(RasterReadException.class)
          .hasMessageContaining("404");
    }
    assertThat(calls).hasValue(1);
    assertThat(fetched).isEmpty();
    assertThat(cache.get(offs, counts, recording())[0]).hasSize(3);
    assertThat(fetched).containsExactly(7L);
  }
}
