package io.waterbodies.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.waterbodies.core.geo.Bbox;
import io.waterbodies.detection.DetectionResult;
import io.waterbodies.detection.HrefResolver;
import io.waterbodies.detection.Index;
import io.waterbodies.detection.ItemBands;
import io.waterbodies.detection.WaterDetector;
import io.waterbodies.examples.demo.SyntheticScene;
import io.waterbodies.stac.catalog.StaticCatalog;
import io.waterbodies.stac.io.StacReader;
import io.waterbodies.stac.model.Collection;
import io.waterbodies.stac.model.Extent;
import io.waterbodies.stac.model.Item;
import io.waterbodies.stac.server.InMemoryStacStore;
import io.waterbodies.stac.server.StacApiServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code waterbodies demo}: synthetic scenes through the whole pipeline, in memory and on the real
 * servers, and an existing STAC API as the source; results checked on disk against detection run
 * directly on the same scenes.
 */
class DemoCommandTest {
  private static final Pattern CATALOG = Pattern.compile("catalog:\\s+(\\S+)");
  private static final Pattern MASK = Pattern.compile("mask:\\s+(\\S+)");

  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = WaterbodiesCommand.newCommandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void inMemoryBusProcessesEverySceneAndReportsWhereTheResultsAre() throws Exception {
    int rc =
        run("demo", "--bus", "memory", "--items", "2", "--size", "300", "--out", tmp.toString());
    String o = out.toString();
    assertThat(rc).as(o + err).isZero();
    assertThat(o).contains("in-memory").contains("2/2 done");
    assertThat(o).containsPattern("workflows succeeded\\s+2").containsPattern("result items\\s+2");
    assertResultsMatchDirectDetection(o, 2);
  }

  @Test
  void autoUsesTheRunningRedisAndNatsUnderRunNamesAndRemovesThem() throws Exception {
    int rc = run("demo", "--items", "1", "--size", "200", "--out", tmp.toString());
    String o = out.toString();
    assertThat(rc).as(o + err).isZero();
    assertThat(o)
        .as("Redis at 127.0.0.1:6379 and NATS at 127.0.0.1:4222 must run for this test")
        .contains("Redis + NATS JetStream");
    assertThat(o).containsPattern("workflows succeeded\\s+1");
    assertResultsMatchDirectDetection(o, 1);
    assertNothingLeftOnTheServers(prefix(o));
    // The summary table is printed once, and progress lines never repeat when nothing changed.
    assertThat(o.split("workflows succeeded", -1)).hasSize(2);
    List<String> progress = o.lines().filter(l -> l.startsWith("[")).toList();
    for (int i = 1; i < progress.size(); i++) {
      assertThat(state(progress.get(i))).isNotEqualTo(state(progress.get(i - 1)));
    }
  }

  @Test
  void twoDemosAtOnceOnTheSameServersBothSucceed() throws Exception {
    StringWriter out2 = new StringWriter();
    StringWriter err2 = new StringWriter();
    // Same --out folder, same servers, started together: nothing may be shared.
    Callable<Integer> second =
        () -> {
          CommandLine cl = WaterbodiesCommand.newCommandLine();
          cl.setOut(new PrintWriter(out2, true));
          cl.setErr(new PrintWriter(err2, true));
          return cl.execute(
              "demo", "--bus", "servers", "--items", "2", "--size", "200", "--out", tmp.toString());
        };
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> other = pool.submit(second);
      int rc =
          run("demo", "--bus", "servers", "--items", "2", "--size", "200", "--out", tmp.toString());
      int rc2 = other.get(10, TimeUnit.MINUTES);
      String o = out.toString();
      String o2 = out2.toString();
      assertThat(rc).as(o + err).isZero();
      assertThat(rc2).as(o2 + err2).isZero();
      assertThat(o).contains("2/2 done").containsPattern("workflows succeeded\\s+2");
      assertThat(o2).contains("2/2 done").containsPattern("workflows succeeded\\s+2");
      assertThat(prefix(o)).isNotEqualTo(prefix(o2));
      assertResultsMatchDirectDetection(o, 2);
      assertResultsMatchDirectDetection(o2, 2);
      assertNothingLeftOnTheServers(prefix(o));
      assertNothingLeftOnTheServers(prefix(o2));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anApiWithoutMatchingItemsSaysSoInsteadOfWaiting() throws Exception {
    InMemoryStacStore store = storeWith("empty");
    try (StacApiServer api = StacApiServer.builder().store(store).port(0).build().start()) {
      int rc =
          run(
              "demo",
              "--stac",
              api.uri().toString(),
              "--collection",
              "empty",
              "--bus",
              "memory",
              "--out",
              tmp.toString());
      String o = out.toString();
      assertThat(rc).as(o + err).isEqualTo(WaterbodiesCommand.EXIT_FINDINGS);
      assertThat(o)
          .contains("nothing to do:")
          .contains("no item in collection empty")
          .contains("--since");
    }
  }

  @Test
  void serveKeepsTheStacApiUpUntilInterrupted() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> demo =
          pool.submit(
              () ->
                  run(
                      "demo",
                      "--bus",
                      "memory",
                      "--items",
                      "1",
                      "--size",
                      "200",
                      "--serve",
                      "--out",
                      tmp.toString()));
      Awaitility.await()
          .atMost(Duration.ofMinutes(5))
          .until(() -> out.toString().contains("serving:") || demo.isDone());
      String o = out.toString();
      assertThat(o).as(o + err).contains("serving:");
      Matcher m = Pattern.compile("result item: (\\S+)").matcher(o);
      assertThat(m.find()).isTrue();
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(m.group(1))).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(r.body()).contains("water:fraction");
      assertThat(demo.isDone()).isFalse();
      demo.cancel(true);
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(demo::isDone);
    } finally {
      pool.shutdownNow();
    }
  }

  /** A store holding one empty collection. */
  private static InMemoryStacStore storeWith(String collection) {
    InMemoryStacStore store = new InMemoryStacStore();
    store.createCollection(
        Collection.builder(
                collection,
                "d",
                "CC0-1.0",
                Extent.of(Bbox.of(-180, -90, 180, 90), Optional.empty(), Optional.empty()))
            .build()
            .toJson());
    return store;
  }

  private static String state(String progressLine) {
    return progressLine.substring(progressLine.indexOf(']') + 1);
  }

  private static String prefix(String output) {
    Matcher m = Pattern.compile("names on Redis and NATS start with (\\S+)\\)").matcher(output);
    assertThat(m.find()).as(output).isTrue();
    return m.group(1);
  }

  /** No Redis key and no JetStream stream (nor key-value bucket) holds the run's prefix. */
  private static void assertNothingLeftOnTheServers(String prefix) throws Exception {
    RedisClient c = RedisClient.create(ConnectionOptions.REDIS);
    try (StatefulRedisConnection<String, String> conn = c.connect()) {
      assertThat(conn.sync().keys("*" + prefix + "*")).isEmpty();
    } finally {
      c.shutdown();
    }
    try (Connection nc = Nats.connect(ConnectionOptions.NATS)) {
      assertThat(nc.jetStreamManagement().getStreamNames()).noneMatch(s -> s.contains(prefix));
    }
  }

  @Test
  void stacOptionTakesItemsFromAnExistingApiWithinTheBbox() throws Exception {
    Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(120);
    Item item =
        SyntheticScene.builder()
            .size(200)
            .seed(3)
            .id("remote-scene")
            .datetime(t)
            .build()
            .writeTo(tmp.resolve("remote"));
    InMemoryStacStore store = storeWith(SyntheticScene.DEFAULT_COLLECTION);
    store.createItem(SyntheticScene.DEFAULT_COLLECTION, item.toJson());
    Bbox b = item.bbox().orElseThrow();
    try (StacApiServer api = StacApiServer.builder().store(store).port(0).build().start()) {
      int rc =
          run(
              "demo",
              "--stac",
              api.uri().toString(),
              "--collection",
              SyntheticScene.DEFAULT_COLLECTION,
              "--bbox",
              b.west() + "," + b.south() + "," + b.east() + "," + b.north(),
              "--since",
              t.minusSeconds(60).toString(),
              "--max-items",
              "1",
              "--bus",
              "memory",
              "--out",
              tmp.resolve("out").toString());
      String o = out.toString();
      assertThat(rc).as(o + err).isZero();
      assertThat(o).contains("remote-scene: Succeeded");
      assertResultsMatchDirectDetection(o, 1);
    }
  }

  /**
   * Each reported catalog holds a result Item whose water fraction equals detection run directly on
   * the scene (the demo's AOI covers the whole scene), and each reported mask exists.
   */
  private void assertResultsMatchDirectDetection(String o, int n) throws Exception {
    List<String> catalogs = all(CATALOG, o);
    List<String> masks = all(MASK, o);
    assertThat(catalogs).hasSize(n);
    assertThat(masks).hasSize(n);
    for (String m : masks) {
      assertThat(Path.of(m)).isNotEmptyFile();
    }
    for (String c : catalogs) {
      List<Item> results;
      try (Stream<Item> s = StaticCatalog.open(Path.of(c)).allItems()) {
        results = s.toList();
      }
      assertThat(results).hasSize(1);
      Item result = results.get(0);
      // Lineage: the source Item, the software, no doubled prefix in the catalog id.
      assertThat(result.links())
          .anyMatch(l -> l.rel().equals("derived_from") && l.href().endsWith(result.id()));
      assertThat(result.properties().field("processing:software").orElseThrow().has("waterbodies"))
          .isTrue();
      assertThat(result.properties().field("processing:datetime")).isPresent();
      assertThat(result.stacExtensions()).anyMatch(e -> e.contains("/processing/"));
      assertThat(result.collection()).contains("water-bodies");
      assertThat(result.links()).anyMatch(l -> l.rel().equals("collection"));
      assertThat(Files.readString(Path.of(c))).doesNotContain("water-bodies-water-bodies");
      Item source = sourceItem(result.id());
      DetectionResult direct =
          WaterDetector.builder()
              .build()
              .detect(ItemBands.select(source, Index.NDWI, HrefResolver.localFiles()));
      assertThat(result.properties().field("water:fraction").orElseThrow().asDouble())
          .isCloseTo(direct.diagnostics().waterFraction(), within(1e-12));
      assertThat(direct.diagnostics().waterPixels()).isPositive();
    }
  }

  private Item sourceItem(String id) throws Exception {
    try (Stream<Path> files = Files.walk(tmp)) {
      Path f =
          files
              .filter(p -> p.getFileName().toString().equals(SyntheticScene.ITEM))
              .filter(p -> StacReader.create().readItem(p).id().equals(id))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no scene item " + id + " under " + tmp));
      return StacReader.create().readItem(f);
    }
  }

  private static List<String> all(Pattern p, String text) {
    Matcher m = p.matcher(text);
    List<String> r = new java.util.ArrayList<>();
    while (m.find()) {
      r.add(m.group(1));
    }
    return r;
  }
}
