package io.waterbodies.examples.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.stac.client.ItemSearch;
import io.waterbodies.stac.client.RequestMethod;
import io.waterbodies.stac.client.StacApiClient;
import io.waterbodies.stac.server.InMemoryStacStore;
import io.waterbodies.stac.server.StacApiServer;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code waterbodies bench stac}: pages N synthetic items from the embedded STAC API server with
 * the client on loopback, with GET and with POST, and prints items per second and heap use; with
 * {@code --spatial}, times small-bbox searches instead (spatial index against a full scan) and
 * prints heap per item.
 */
@Command(
    name = "stac",
    mixinStandardHelpOptions = true,
    description = {
      "Page N items from the embedded STAC API server with the STAC API client on loopback",
      "(GET and POST) and print items/s and heap used. With --spatial: small-bbox search",
      "latency over HTTP (spatial index) against a full scan, and heap per item."
    })
final class BenchStacCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--items",
      paramLabel = "N",
      description = "Items to serve (default: ${DEFAULT-VALUE}).")
  int items = 20_000;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Page size (default: ${DEFAULT-VALUE}).")
  int limit = 1000;

  @Option(
      names = "--rounds",
      paramLabel = "N",
      description = "Timed rounds per method (default: ${DEFAULT-VALUE}).")
  int rounds = 3;

  @Option(
      names = "--spatial",
      description = "Time small-bbox searches (index vs. full scan) instead of paging.")
  boolean spatial;

  @Option(
      names = "--queries",
      paramLabel = "N",
      description = "Spatial searches to time with --spatial (default: ${DEFAULT-VALUE}).")
  int queries = 1000;

  @Option(
      names = "--warmup",
      paramLabel = "SECONDS",
      description =
          "Seconds of untimed searches before the timed ones with --spatial, so the JIT has"
              + " compiled the request path (default: ${DEFAULT-VALUE}).")
  int warmupSeconds = 5;

  @Override
  public Integer call() {
    if (spatial) {
      return new SpatialBench(
              spec.commandLine().getOut(), items, queries, Duration.ofSeconds(warmupSeconds))
          .run();
    }
    PrintWriter out = spec.commandLine().getOut();
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    System.gc();
    long before = mem.getHeapMemoryUsage().getUsed();
    InMemoryStacStore store = new InMemoryStacStore();
    store.createCollection(collection());
    List<ObjectNode> docs = new ArrayList<>(items);
    Instant t0 = Instant.parse("2020-01-01T00:00:00Z");
    for (int i = 0; i < items; i++) {
      docs.add(item(i, t0.plusSeconds(600L * i)));
    }
    store.putItems("bench", docs);
    docs = null;
    System.gc();
    long storeBytes = mem.getHeapMemoryUsage().getUsed() - before;
    out.printf(
        Locale.ROOT,
        "store: %d items, ~%.1f MiB heap (%.0f bytes/item)%n",
        items,
        storeBytes / 1048576.0,
        (double) storeBytes / items);
    try (StacApiServer server = StacApiServer.builder().store(store).build().start();
        StacApiClient client = StacApiClient.open(server.uri())) {
      for (RequestMethod m : RequestMethod.values()) {
        ItemSearch search =
            ItemSearch.builder().collections("bench").limit(limit).method(m).build();
        measure(out, m + " items", () -> client.search(search).items().count());
        measure(out, m + " JSON ", () -> client.search(search).itemsAsJson().count());
      }
    }
    System.gc();
    out.printf(
        Locale.ROOT,
        "heap used after GC at the end (store, server, client): %.1f MiB%n",
        mem.getHeapMemoryUsage().getUsed() / 1048576.0);
    out.flush();
    return 0;
  }

  private void measure(PrintWriter out, String label, LongSupplier run) {
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    run.getAsLong(); // warm-up
    long best = Long.MAX_VALUE;
    long total = 0;
    long peak = 0;
    for (int r = 0; r < rounds; r++) {
      long start = System.nanoTime();
      long n = run.getAsLong();
      long ns = System.nanoTime() - start;
      if (n != items) {
        throw new IllegalStateException(label + ": paged " + n + " items, expected " + items);
      }
      best = Math.min(best, ns);
      total += ns;
      peak = Math.max(peak, mem.getHeapMemoryUsage().getUsed());
    }
    out.printf(
        Locale.ROOT,
        "%s limit=%d: best %.0f items/s (%.0f ms), mean %.0f items/s over %d rounds;"
            + " heap used at the end of a round up to %.1f MiB%n",
        label,
        limit,
        items / (best / 1e9),
        best / 1e6,
        items / (total / (double) rounds / 1e9),
        rounds,
        peak / 1048576.0);
    out.flush();
  }

  /** The benchmark collection {@code bench}, spanning the globe. */
  static ObjectNode collection() {
    return collection("bench", "benchmark items");
  }

  /** A STAC 1.1 collection spanning the globe from 2020 on (CC0-1.0, no links). */
  static ObjectNode collection(String id, String description) {
    ObjectNode c = Json.object();
    c.put("type", "Collection").put("stac_version", "1.1.0").put("id", id);
    c.put("description", description).put("license", "CC0-1.0");
    c.putObject("extent")
        .putObject("spatial")
        .putArray("bbox")
        .addArray()
        .add(-180)
        .add(-90)
        .add(180)
        .add(90);
    c.withObjectProperty("extent")
        .putObject("temporal")
        .putArray("interval")
        .addArray()
        .add("2020-01-01T00:00:00Z")
        .addNull();
    c.putArray("links");
    return c;
  }

  static ObjectNode item(int i, Instant t) {
    double lon = -180 + (i * 0.017) % 360;
    double lat = -60 + (i * 0.011) % 120;
    ObjectNode it = Json.object();
    it.put("type", "Feature")
        .put("stac_version", "1.1.0")
        .put("id", String.format(Locale.ROOT, "item-%06d", i));
    ObjectNode g = it.putObject("geometry").put("type", "Polygon");
    g.putArray("coordinates")
        .addArray()
        .add(Json.mapper().createArrayNode().add(lon).add(lat))
        .add(Json.mapper().createArrayNode().add(lon + 0.1).add(lat))
        .add(Json.mapper().createArrayNode().add(lon + 0.1).add(lat + 0.1))
        .add(Json.mapper().createArrayNode().add(lon).add(lat + 0.1))
        .add(Json.mapper().createArrayNode().add(lon).add(lat));
    it.putArray("bbox").add(lon).add(lat).add(lon + 0.1).add(lat + 0.1);
    ObjectNode p = it.putObject("properties");
    p.put("datetime", t.toString()).put("eo:cloud_cover", i % 100).put("platform", "sentinel-2a");
    it.putArray("links");
    ObjectNode a = it.putObject("assets");
    a.putObject("green")
        .put("href", "https://example.com/" + i + "/B03.tif")
        .put("type", "image/tiff; application=geotiff");
    a.putObject("nir")
        .put("href", "https://example.com/" + i + "/B08.tif")
        .put("type", "image/tiff; application=geotiff");
    return it;
  }
}
