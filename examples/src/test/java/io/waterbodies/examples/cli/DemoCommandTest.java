package io.waterbodies.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
  void autoUsesTheRunningRedisAndNats() throws Exception {
    int rc = run("demo", "--items", "1", "--size", "200", "--out", tmp.toString());
    String o = out.toString();
    assertThat(rc).as(o + err).isZero();
    assertThat(o)
        .as("Redis at 127.0.0.1:6379 and NATS at 127.0.0.1:4222 must run for this test")
        .contains("Redis + NATS JetStream");
    assertThat(o).containsPattern("workflows succeeded\\s+1");
    assertResultsMatchDirectDetection(o, 1);
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
    InMemoryStacStore store = new InMemoryStacStore();
    store.createCollection(
        Collection.builder(
                SyntheticScene.DEFAULT_COLLECTION,
                "d",
                "CC0-1.0",
                Extent.of(Bbox.of(-180, -90, 180, 90), Optional.empty(), Optional.empty()))
            .build()
            .toJson());
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
