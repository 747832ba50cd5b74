package io.waterbodies.examples.cli;

import io.waterbodies.core.geo.Bbox;
import io.waterbodies.events.pipeline.BusMode;
import io.waterbodies.events.pipeline.CompletionEvent;
import io.waterbodies.events.pipeline.Pipeline;
import io.waterbodies.events.pipeline.PipelineRun;
import io.waterbodies.events.pipeline.PipelineSummary;
import io.waterbodies.events.pipeline.StacSource;
import io.waterbodies.examples.demo.HttpDownloads;
import io.waterbodies.examples.demo.SyntheticScene;
import io.waterbodies.examples.pipeline.DetectionWorkflowLauncher;
import io.waterbodies.stac.client.StacApiClient;
import io.waterbodies.stac.model.Item;
import io.waterbodies.stac.server.InMemoryStacStore;
import io.waterbodies.stac.server.StacApiServer;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code waterbodies demo}: the whole system on this machine. Without {@code --stac} it needs no
 * network and no servers: it writes synthetic scenes (a lake, ponds and a river on farmland, in
 * UTM) into {@code --out}, serves them from the embedded STAC API, and runs the pipeline (watcher,
 * event bus, sensor, workflow with crop and detection, result Items POSTed back to the STAC API,
 * completion events) until every scene is processed. With {@code --stac} the items come from that
 * STAC API instead, within {@code --bbox}, and remote assets are downloaded into {@code --out}.
 * Redis and NATS JetStream are used when both answer ({@code --bus auto}), else an in-memory bus.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole pipeline on synthetic scenes (no network, no servers needed), or on a STAC"
          + " API with --stac.",
      "Prints progress, where the results are and a summary; opens nothing."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      defaultValue = "waterbodies-demo",
      description = "Directory for scenes, downloads and results (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--items",
      defaultValue = "2",
      description = "Synthetic scenes to generate (default ${DEFAULT-VALUE}).")
  int items;

  @Option(
      names = "--size",
      defaultValue = "1000",
      description =
          "Width and height of each synthetic scene in pixels (default ${DEFAULT-VALUE}).")
  int size;

  @Option(
      names = "--bus",
      defaultValue = "auto",
      description = "auto (Redis + NATS when reachable, else in-memory), servers or memory.")
  String bus;

  @Mixin ConnectionOptions.Redis redis;

  @Mixin ConnectionOptions.Nats nats;

  @Option(names = "--stac", description = "A STAC API root to take items from instead.")
  URI stac;

  @Option(
      names = "--collection",
      defaultValue = "sentinel-2-l2a",
      description = "With --stac: the collection searched (default ${DEFAULT-VALUE}).")
  String collection;

  @Option(
      names = "--bbox",
      defaultValue = Pipeline.DEFAULT_AOI,
      description =
          "With --stac: the area (WGS 84 minx,miny,maxx,maxy) searched and cropped to (default the"
              + " reference AOI, ${DEFAULT-VALUE}).")
  String bbox;

  @Option(
      names = "--since",
      description =
          "With --stac: the earliest item datetime (RFC 3339 instant or date; default 7"
              + " days ago).")
  String since;

  @Option(
      names = "--max-items",
      defaultValue = "1",
      description =
          "With --stac: stop after this many items were processed (default" + " ${DEFAULT-VALUE}).")
  int maxItems;

  @Option(
      names = "--timeout-minutes",
      defaultValue = "30",
      description = "Give up waiting for results after this long (default ${DEFAULT-VALUE}).")
  long timeoutMinutes;

  @Override
  public Integer call() throws Exception {
    PrintWriter o = spec.commandLine().getOut();
    BusMode mode = busMode();
    Path dir = out.toAbsolutePath().normalize();
    Pipeline.Builder pb =
        Pipeline.builder()
            .busMode(mode)
            .redisUri(redis.uri)
            .natsUri(nats.uri)
            .outDir(dir.resolve("results"))
            .pollInterval(Duration.ofMillis(500))
            .progressInterval(Duration.ZERO);
    int expected;
    if (stac == null) {
      expected = synthetic(o, dir, pb);
    } else {
      expected = remote(o, dir, pb);
    }
    try {
      return run(o, pb.build(), expected);
    } finally {
      if (resultServer != null) {
        resultServer.close();
      }
    }
  }

  private int run(PrintWriter o, Pipeline pipeline, int expected) throws InterruptedException {
    try (PipelineRun run = pipeline.runEmbedded()) {
      o.printf("bus:       %s%n", describe(run.busMode()));
      o.printf("STAC API:  %s (items), %s (results)%n", run.stacApi(), run.resultsApi());
      o.printf("results:   %s%n", run.outDir());
      o.flush();
      boolean done = await(o, run, expected);
      List<CompletionEvent> events = mine(run.completions());
      report(o, run, pipeline, events);
      o.println();
      o.print(run.summary().table());
      o.flush();
      if (!done) {
        spec.commandLine()
            .getErr()
            .printf(
                "gave up after %d minutes: %d of %d items processed%n",
                timeoutMinutes, events.size(), expected);
        return WaterbodiesCommand.EXIT_FINDINGS;
      }
      return events.stream().allMatch(CompletionEvent::succeeded)
          ? 0
          : WaterbodiesCommand.EXIT_FINDINGS;
    }
  }

  private BusMode busMode() {
    return switch (bus.toLowerCase(Locale.ROOT)) {
      case "auto" -> BusMode.AUTO;
      case "servers" -> BusMode.SERVERS;
      case "memory", "in-memory", "in_memory" -> BusMode.IN_MEMORY;
      default ->
          throw new CommandLine.ParameterException(
              spec.commandLine(), "--bus must be auto, servers or memory, not " + bus);
    };
  }

  /** Generates the scenes, serves them from the embedded STAC API; returns how many. */
  private int synthetic(PrintWriter o, Path dir, Pipeline.Builder pb) {
    if (items < 1 || items > 1000) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--items must be 1 to 1000, not " + items);
    }
    // Fresh ids and datetimes per run, so watchers with state in Redis see new items every time.
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC).format(now);
    List<Item> scenes = new ArrayList<>();
    Bbox area = null;
    for (int i = 0; i < items; i++) {
      String id = "synthetic-" + stamp + "-" + (i + 1);
      SyntheticScene scene;
      try {
        scene =
            SyntheticScene.builder()
                .size(size)
                .seed(i + 1)
                .id(id)
                .datetime(now.minusSeconds(60L * (items - i)))
                // Neighbouring scenes, side by side along the same UTM row.
                .origin(400_000 + (i % 40) * size * SyntheticScene.PIXEL_SIZE, 5_800_000)
                .build();
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      Path sceneDir = dir.resolve("scenes").resolve(id);
      Item item = scene.writeTo(sceneDir);
      scenes.add(item);
      ours.add(id);
      Bbox b = item.bbox().orElseThrow();
      area =
          area == null
              ? b
              : Bbox.of(
                  Math.min(area.west(), b.west()),
                  Math.min(area.south(), b.south()),
                  Math.max(area.east(), b.east()),
                  Math.max(area.north(), b.north()));
      o.printf(
          "scene %d/%d: %s (%d x %d px, EPSG:%d) in %s%n",
          i + 1, items, id, size, size, scene.epsg(), sceneDir);
      o.flush();
    }
    pb.source(StacSource.embedded(scenes))
        .workflow(DetectionWorkflowLauncher.defaults())
        .aoi(aoi(area))
        .epsg("EPSG:4326")
        .since(now.minus(Duration.ofHours(1)));
    return items;
  }

  /** Sets up an existing STAC API as the source; returns how many items to wait for. */
  private int remote(PrintWriter o, Path dir, Pipeline.Builder pb) {
    if (maxItems < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--max-items must be at least 1, not " + maxItems);
    }
    Bbox area;
    try {
      area = Bbox.parse(bbox);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--bbox: " + e.getMessage());
    }
    Instant from = since == null ? Instant.now().minus(Duration.ofDays(7)) : parseInstant(since);
    Path downloads = dir.resolve("downloads");
    pb.source(StacSource.api(stac, collection).within(area))
        .workflow(
            DetectionWorkflowLauncher.builder().hrefResolver(new HttpDownloads(downloads)).build())
        .aoi(aoi(area))
        .epsg("EPSG:4326")
        .since(from)
        .resultsApi(resultsServer())
        .parallelism(1);
    o.printf(
        "source: %s collection %s within %s since %s; remote assets cached in %s%n",
        stac, collection, area, from, downloads);
    o.flush();
    return maxItems;
  }

  /** The ids of the synthetic items of this run (empty with --stac: every item counts). */
  private final Set<String> ours = new HashSet<>();

  /** Receives the result Items of a --stac run (a public API takes no writes). */
  private StacApiServer resultServer;

  private URI resultsServer() {
    // Written by this process only (loopback, ephemeral port): writes are opened explicitly.
    resultServer =
        StacApiServer.builder()
            .store(new InMemoryStacStore())
            .port(0)
            .allowWritesWithoutToken()
            .build()
            .start();
    return resultServer.uri();
  }

  private static String aoi(Bbox b) {
    return String.format(Locale.ROOT, "%s,%s,%s,%s", b.west(), b.south(), b.east(), b.north());
  }

  private Instant parseInstant(String s) {
    try {
      return s.length() == 10
          ? LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant()
          : Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--since must be an RFC 3339 instant or a date: " + s);
    }
  }

  /**
   * Waits until {@code expected} of this run's items completed, printing the progress line whenever
   * it changes. Completions of other items (a durable consumer may redeliver an earlier run's
   * events) do not count.
   */
  private boolean await(PrintWriter o, PipelineRun run, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(timeoutMinutes).toNanos();
    String last = "";
    while (true) {
      int seen = run.completions().size();
      // Returns as soon as one more completion arrives, or after a second to refresh progress.
      run.awaitCompletions(seen + 1, Duration.ofSeconds(1));
      long mine = mine(run.completions()).size();
      String line = progress(run.summary(), mine, expected);
      if (!line.equals(last)) {
        o.println(line);
        o.flush();
        last = line;
      }
      if (mine >= expected) {
        return true;
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
    }
  }

  private List<CompletionEvent> mine(List<CompletionEvent> all) {
    return all.stream().filter(e -> ours.isEmpty() || ours.contains(itemId(e))).toList();
  }

  private static String itemId(CompletionEvent e) {
    return e.href().substring(e.href().lastIndexOf('/') + 1);
  }

  private static String progress(PipelineSummary s, long done, int expected) {
    return String.format(
        Locale.ROOT,
        "[%5.1f s] %d/%d done: %s",
        s.elapsed().toMillis() / 1000.0,
        done,
        expected,
        s.line());
  }

  private void report(
      PrintWriter o, PipelineRun run, Pipeline pipeline, List<CompletionEvent> events) {
    o.println();
    o.println("results:");
    try (StacApiClient api = StacApiClient.open(run.resultsApi())) {
      for (CompletionEvent e : events) {
        String id = itemId(e);
        if (!e.succeeded()) {
          o.printf("  %s: %s (workflow %s)%n", id, e.workflowStatus(), e.workflowName());
          continue;
        }
        Optional<Item> result = api.item(pipeline.resultCollection(), id);
        o.printf("  %s: %s%n", id, e.workflowStatus());
        o.printf("    catalog:     %s%n", e.stacCatalog());
        o.printf(
            "    result item: %s%n",
            run.resultsApi()
                .resolve("collections/" + pipeline.resultCollection() + "/items/" + id));
        result.ifPresent(
            r -> {
              r.assetHref("data").ifPresent(h -> o.printf("    mask:        %s%n", path(h)));
              r.properties()
                  .field("water:fraction")
                  .ifPresent(
                      f ->
                          o.printf(
                              Locale.ROOT,
                              "    water:       %.2f %% of valid pixels%n",
                              100 * f.asDouble()));
            });
      }
    }
  }

  private static String path(URI href) {
    return "file".equals(href.getScheme()) ? Path.of(href).toString() : href.toString();
  }

  private static String describe(BusMode m) {
    return m == BusMode.SERVERS
        ? "Redis + NATS JetStream (servers)"
        : "in-memory (Redis/NATS not used; for demos and tests only)";
  }
}
