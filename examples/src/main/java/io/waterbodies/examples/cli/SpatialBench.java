package io.waterbodies.examples.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.geo.Bbox;
import io.waterbodies.stac.client.ItemSearch;
import io.waterbodies.stac.client.StacApiClient;
import io.waterbodies.stac.server.InMemoryStacStore;
import io.waterbodies.stac.server.StacApiServer;
import io.waterbodies.stac.server.StacStore;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * {@code bench stac --spatial}: loads N synthetic items into the embedded server's store, then
 * times small-bbox searches over HTTP (answered from the store's spatial index) and the same boxes
 * by a full scan of the items' boxes (the server's way before the index), and prints heap per item
 * for the store and for the index. The searches are timed after a warm-up of a few seconds, each
 * way in a loop of its own.
 */
final class SpatialBench {
  /** The goal the figures are printed against (issue: a small bbox over 1,000,000 items). */
  private static final double GOAL_MS = 10;

  private static final double GOAL_BYTES_PER_ITEM = 2048;

  private final PrintWriter out;
  private final int items;
  private final int queries;
  private final Duration warmup;

  SpatialBench(PrintWriter out, int items, int queries, Duration warmup) {
    this.out = out;
    this.items = items;
    this.queries = queries;
    this.warmup = warmup;
  }

  int run() {
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    long before = usedAfterGc(mem);
    InMemoryStacStore store = new InMemoryStacStore();
    store.createCollection(BenchStacCommand.collection());
    Instant t0 = Instant.parse("2020-01-01T00:00:00Z");
    long load = System.nanoTime();
    int chunk = 10_000;
    for (int from = 0; from < items; from += chunk) {
      List<ObjectNode> docs = new ArrayList<>(chunk);
      for (int i = from; i < Math.min(items, from + chunk); i++) {
        docs.add(BenchStacCommand.item(i, t0.plusSeconds(600L * i)));
      }
      store.putItems("bench", docs);
    }
    store.items("bench"); // the id-ordered snapshot
    long loaded = System.nanoTime();
    long storeBytes = usedAfterGc(mem) - before;
    Random r = new Random(42);
    Bbox first = box(r);
    long indexStart = System.nanoTime();
    store.items("bench", first); // builds the index
    long indexNs = System.nanoTime() - indexStart;
    long indexBytes = usedAfterGc(mem) - before - storeBytes;
    out.printf(
        Locale.ROOT,
        "store: %d items loaded in %.1f s, %.0f bytes/item; spatial index built in %.0f ms,"
            + " %.0f bytes/item; total %.0f bytes/item (goal < %.0f)%n",
        items,
        (loaded - load) / 1e9,
        (double) storeBytes / items,
        indexNs / 1e6,
        (double) indexBytes / items,
        (double) (storeBytes + indexBytes) / items,
        GOAL_BYTES_PER_ITEM);
    try (StacApiServer server = StacApiServer.builder().store(store).build().start();
        StacApiClient client = StacApiClient.open(server.uri())) {
      // Warm-up until the JIT has compiled the request path (on 2 cores it competes with the
      // queries for a core while it compiles), then each way is timed in a loop of its own, so a
      // full scan's garbage is not collected inside an HTTP search.
      long warmEnd = System.nanoTime() + warmup.toNanos();
      int warmed = 0;
      while (System.nanoTime() < warmEnd || warmed < 20) {
        search(client, box(r));
        warmed++;
      }
      Bbox[] boxes = new Bbox[queries];
      Arrays.setAll(boxes, i -> box(r));
      double[] http = new double[queries];
      long[] hits = new long[queries];
      long found = 0;
      for (int q = 0; q < queries; q++) {
        long s0 = System.nanoTime();
        hits[q] = search(client, boxes[q]);
        http[q] = (System.nanoTime() - s0) / 1e6;
        found += hits[q];
      }
      double[] index = new double[queries];
      for (int q = 0; q < queries; q++) {
        long s2 = System.nanoTime();
        store.items("bench", boxes[q]);
        index[q] = (System.nanoTime() - s2) / 1e6;
      }
      double[] scan = new double[queries];
      for (int q = 0; q < queries; q++) {
        long s1 = System.nanoTime();
        long m = StacStore.overlapping(store.items("bench"), boxes[q]).size();
        scan[q] = (System.nanoTime() - s1) / 1e6;
        if (m < hits[q]) {
          throw new IllegalStateException(
              "the scan found fewer candidates than the search matched");
        }
      }
      out.printf(
          Locale.ROOT,
          "warm-up: %d searches in %.1f s, not timed%n",
          warmed,
          warmup.toMillis() / 1e3);
      out.printf(
          Locale.ROOT,
          "small-bbox search (0.5 x 0.5 deg, %d queries, %.1f hits each) over HTTP with the index:"
              + " p50 %.2f ms, p99 %.2f ms, max %.2f ms (goal <= %.0f ms)%n",
          queries,
          (double) found / queries,
          pct(http, 50),
          pct(http, 99),
          pct(http, 100),
          GOAL_MS);
      out.printf(
          Locale.ROOT,
          "the same boxes from the index alone, in process: p50 %.3f ms, p99 %.3f ms%n",
          pct(index, 50),
          pct(index, 99));
      out.printf(
          Locale.ROOT,
          "the same boxes by a full scan of the item boxes, in process (no HTTP):"
              + " p50 %.2f ms, p99 %.2f ms%n",
          pct(scan, 50),
          pct(scan, 99));
    }
    out.flush();
    return 0;
  }

  private static long search(StacApiClient client, Bbox b) {
    return client
        .search(ItemSearch.builder().collections("bench").bbox(b).limit(100).build())
        .itemsAsJson()
        .count();
  }

  /** A 0.5-degree box where the synthetic items lie (their pattern covers lon/lat densely). */
  private static Bbox box(Random r) {
    double w = -180 + r.nextDouble() * 359;
    double s = -60 + r.nextDouble() * 119;
    return Bbox.of(w, s, w + 0.5, s + 0.5);
  }

  private static double pct(double[] v, int p) {
    double[] c = v.clone();
    Arrays.sort(c);
    int i = (int) Math.ceil(p / 100.0 * c.length) - 1;
    return c[Math.max(0, Math.min(c.length - 1, i))];
  }

  private static long usedAfterGc(MemoryMXBean mem) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return mem.getHeapMemoryUsage().getUsed();
  }
}
