package io.waterbodies.examples.cli;

import static io.waterbodies.examples.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.stac.server.InMemoryStacStore;
import io.waterbodies.stac.server.StacApiServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code stac search}, {@code stac serve} and {@code bench stac}, run in-process. */
class StacApiCommandsTest {
  static final Path V11 =
      Path.of(System.getProperty("waterbodies.shared", "../../shared"))
          .resolve("examples/stac/1.1.0");
  static StacApiServer server;

  @BeforeAll
  static void start() {
    InMemoryStacStore store = new InMemoryStacStore();
    store.createCollection(BenchStacCommand.collection("lakes", "d"));
    List<ObjectNode> items = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      ObjectNode it = Json.object();
      it.put("type", "Feature")
          .put("stac_version", "1.1.0")
          .put("id", String.format("lake-%02d", i));
      // A footprint as well as a bbox: the server matches spatial queries on the geometry, and an
      // item without one never matches.
      ObjectNode g = it.putObject("geometry").put("type", "Polygon");
      g.putArray("coordinates")
          .addArray()
          .add(Json.mapper().createArrayNode().add(i).add(0))
          .add(Json.mapper().createArrayNode().add(i + 0.5).add(0))
          .add(Json.mapper().createArrayNode().add(i + 0.5).add(0.5))
          .add(Json.mapper().createArrayNode().add(i).add(0.5))
          .add(Json.mapper().createArrayNode().add(i).add(0));
      it.putArray("bbox").add(i).add(0).add(i + 0.5).add(0.5);
      it.putObject("properties")
          .put("datetime", "2021-01-" + String.format("%02d", i + 1) + "T00:00:00Z");
      it.putArray("links");
      it.putObject("assets");
      items.add(it);
    }
    store.putItems("lakes", items);
    server = StacApiServer.builder().store(store).build().start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void searchPrintsOneIdPerLine() {
    CliRun r =
        run(
            "stac",
            "search",
            server.uri().toString(),
            "--collections",
            "lakes",
            "--bbox",
            "2.9,0,5.1,1",
            "--limit",
            "2");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().lines()).containsExactly("lake-03", "lake-04", "lake-05");
    CliRun post =
        run(
            "stac",
            "search",
            server.uri().toString(),
            "--datetime",
            "2021-01-10/..",
            "--max-items",
            "3",
            "--method",
            "POST",
            "--sortby",
            "-datetime");
    assertThat(post.out().lines()).containsExactly("lake-24", "lake-23", "lake-22");
    CliRun filtered =
        run(
            "stac",
            "search",
            server.uri().toString(),
            "--filter",
            "id IN ('lake-07', 'lake-11')",
            "--ids",
            "lake-07,lake-11,lake-12");
    assertThat(filtered.out().lines()).containsExactly("lake-07", "lake-11");
  }

  @Test
  void searchJsonPrintsTheItemCollection() {
    CliRun r = run("stac", "search", server.uri().toString(), "--ids", "lake-01", "--json");
    assertThat(r.exit()).isZero();
    JsonNode ic = Json.parse(r.out(), "out");
    assertThat(ic.get("type").asText()).isEqualTo("FeatureCollection");
    assertThat(ic.at("/features/0/id").asText()).isEqualTo("lake-01");
  }

  @Test
  void badArgumentsExit2AndApiFailuresExit3() {
    CliRun bad = run("stac", "search", server.uri().toString(), "--bbox", "1,2,3");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("4 or 6");
    CliRun both =
        run(
            "stac",
            "search",
            server.uri().toString(),
            "--bbox",
            "0,0,1,1",
            "--intersects",
            "{\"type\":\"Point\",\"coordinates\":[0,0]}");
    assertThat(both.exit()).isEqualTo(2);
    CliRun down = run("stac", "search", server.uri() + "nope/");
    assertThat(down.exit()).isEqualTo(3);
    assertThat(down.err()).contains("404");
  }

  @Test
  void serveServesACatalogUntilStopped() throws Exception {
    CommandLine cl = WaterbodiesCommand.newCommandLine();
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(new StringWriter()));
    AtomicInteger exit = new AtomicInteger(-1);
    Thread t =
        new Thread(
            () ->
                exit.set(cl.execute("stac", "serve", "--catalog", V11.toString(), "--port", "0")));
    t.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> out.toString().startsWith("http://"));
    String url = out.toString().trim();
    CliRun r = run("stac", "search", url, "--limit", "100");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().lines()).containsExactly("proj-example");
    StacServeCommand serve =
        cl.getSubcommands().get("stac").getSubcommands().get("serve").getCommand();
    serve.stop.countDown();
    t.join(10_000);
    assertThat(exit.get()).isZero();
  }

  /** Starts {@code stac serve} with extra arguments; returns its URL and the command to stop. */
  private static Map.Entry<String, Runnable> serve(String... extra) {
    CommandLine cl = WaterbodiesCommand.newCommandLine();
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(new StringWriter()));
    List<String> args =
        new java.util.ArrayList<>(
            List.of("stac", "serve", "--catalog", V11.toString(), "--port", "0"));
    args.addAll(List.of(extra));
    Thread t = new Thread(() -> cl.execute(args.toArray(String[]::new)));
    t.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> out.toString().startsWith("http://"));
    StacServeCommand cmd =
        cl.getSubcommands().get("stac").getSubcommands().get("serve").getCommand();
    return Map.entry(
        out.toString().trim(),
        () -> {
          cmd.stop.countDown();
          try {
            t.join(10_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
  }

  private static int deleteItem(String url, String token) throws Exception {
    java.net.http.HttpRequest.Builder b =
        java.net.http.HttpRequest.newBuilder(
                java.net
                    .URI
                    .create(url)
                    .resolve("collections/extensions-collection/items/proj-example"))
            .DELETE();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return java.net.http.HttpClient.newHttpClient()
        .send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  @Test
  void serveRefusesWritesUnlessGivenAWriteToken() throws Exception {
    Map.Entry<String, Runnable> plain = serve();
    try {
      assertThat(deleteItem(plain.getKey(), null)).isEqualTo(403);
      assertThat(deleteItem(plain.getKey(), "anything")).isEqualTo(403);
    } finally {
      plain.getValue().run();
    }
    Map.Entry<String, Runnable> guarded = serve("--write-token", "s3cret-token");
    try {
      assertThat(deleteItem(guarded.getKey(), null)).isEqualTo(401);
      assertThat(deleteItem(guarded.getKey(), "wrong")).isEqualTo(403);
      assertThat(deleteItem(guarded.getKey(), "s3cret-token")).isEqualTo(204);
    } finally {
      guarded.getValue().run();
    }
  }

  @Test
  void benchPrintsFigures() {
    CliRun r = run("bench", "stac", "--items", "300", "--limit", "50", "--rounds", "1");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("store: 300 items")
        .contains("GET ")
        .contains("POST")
        .contains("items/s");
  }

  @Test
  void spatialBenchPrintsLatencyAndMemoryAgainstTheGoals() {
    CliRun r =
        run("bench", "stac", "--spatial", "--items", "2000", "--queries", "10", "--warmup", "0");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("store: 2000 items")
        .contains("spatial index built")
        .containsPattern("warm-up: [0-9]+ searches")
        .containsPattern("bytes/item \\(goal < 2048\\)")
        .containsPattern("over HTTP with the index: p50 [0-9.]+ ms, p99 [0-9.]+ ms")
        .contains("by a full scan");
  }
}
