package io.waterbodies.examples.cli;

import io.waterbodies.core.geo.Bbox;
import io.waterbodies.core.time.DatetimeInterval;
import io.waterbodies.events.pipeline.BusMode;
import io.waterbodies.events.pipeline.CompletionEvent;
import io.waterbodies.events.pipeline.Pipeline;
import io.waterbodies.events.pipeline.PipelineRun;
import io.waterbodies.events.pipeline.PipelineSummary;
import io.waterbodies.events.pipeline.StacSource;
import io.waterbodies.examples.demo.DemoReport;
import io.waterbodies.examples.demo.HttpDownloads;
import io.waterbodies.examples.demo.SyntheticScene;
import io.waterbodies.examples.pipeline.DetectionWorkflowLauncher;
import io.waterbodies.examples.pipeline.RunNames;
import io.waterbodies.stac.client.ItemSearch;
import io.waterbodies.stac.client.StacApiClient;
import io.waterbodies.stac.model.Collection;
import io.waterbodies.stac.model.Extent;
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
import java.util.concurrent.CountDownLatch;
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

  @Option(
      names = "--serve",
      description =
          "Keep the STAC API (items and results) running after the run until Ctrl-C, so the"
              + " printed URLs stay valid.")
  boolean serve;

  @Option(
      names = {"-v", "--verbose"},
      description = "Also show the components' INFO log (connections, consumers, workflows).")
  boolean verbose;

  /** Whether the progress line may be redrawn in place (an interactive terminal). */
  boolean tty = System.console() != null;

  @Override
  public Integer call() throws Exception {
    PrintWriter o = spec.commandLine().getOut();
    BusMode mode = busMode();
    Path dir = out.toAbsolutePath().normalize();
    // Every name on Redis and NATS carries this run's id: runs at once never share events, and a
    // demo never writes under the production names (STREAM, default, WATERBODIES).
    RunNames names = RunNames.random("demo");
    Path results = dir.resolve("results").resolve(names.runId());
    Pipeline.Builder pb =
        names
            .applyTo(Pipeline.builder())
            .busMode(mode)
            .redisUri(redis.uri)
            .natsUri(nats.uri)
            .outDir(results)
            .pollInterval(Duration.ofMillis(500))
            .progressInterval(Duration.ZERO);
    o.printf(
        "run:       %s (names on Redis and NATS start with %s)%n", names.runId(), names.prefix());
    try {
      int expected;
      if (stac == null) {
        expected = synthetic(o, dir, names, pb);
      } else {
        Optional<String> none = noWork(pb);
        if (none.isPresent()) {
          o.println("nothing to do: " + none.get());
          o.flush();
          return WaterbodiesCommand.EXIT_FINDINGS;
        }
        expected = remote(o, dir, pb);
      }
      return run(o, pb.build(), expected, names, dir);
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  private int run(PrintWriter o, Pipeline pipeline, int expected, RunNames names, Path dir)
      throws InterruptedException {
    boolean done;
    List<CompletionEvent> events;
    URI api;
    Path results;
    ServerCleanup cleanup = new ServerCleanup(o, names, pipeline.busMode() != BusMode.IN_MEMORY);
    // Ctrl-C during the run: the JVM does not unwind this method, so a hook removes the names.
    Thread hook = new Thread(cleanup::run, "demo-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      try (PipelineRun run = pipeline.runEmbedded()) {
        cleanup.used(run.busMode() == BusMode.SERVERS);
        api = run.resultsApi();
        results = run.outDir();
        o.printf("bus:       %s%n", describe(run.busMode()));
        o.printf("STAC API:  %s (items), %s (results)%n", run.stacApi(), run.resultsApi());
        o.printf("results:   %s%n", run.outDir());
        o.flush();
        done = await(o, run, expected);
        events = mine(run.completions());
        report(o, run, pipeline, events);
        o.println();
        o.print(run.summary().table());
        o.flush();
      }
    } finally {
      cleanup.run();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is shutting down: the hook runs (and finds the work done).
      }
    }
    Path page =
        writeReport(o, pipeline, events, api, results, dir.resolve("results"), names.runId());
    o.printf("report:    %s%n", page);
    o.flush();
    if (!done) {
      spec.commandLine()
          .getErr()
          .printf(
              "gave up after %d minutes: %d of %d items processed%n",
              timeoutMinutes, events.size(), expected);
      return WaterbodiesCommand.EXIT_FINDINGS;
    }
    if (serve) {
      serveUntilInterrupted(o);
    }
    return events.stream().allMatch(CompletionEvent::succeeded)
        ? 0
        : WaterbodiesCommand.EXIT_FINDINGS;
  }

  /**
   * Writes the run's report into its results folder and, as the page a user opens, {@code
   * results/report.html} (the last run to finish wins that one).
   */
  private Path writeReport(
      PrintWriter o,
      Pipeline pipeline,
      List<CompletionEvent> events,
      URI api,
      Path runResults,
      Path resultsRoot,
      String runId) {
    List<DemoReport.Scene> scenes = new ArrayList<>();
    for (CompletionEvent e : events) {
      String id = itemId(e);
      Optional<Path> catalog =
          e.stacCatalog().isBlank() ? Optional.empty() : Optional.of(Path.of(e.stacCatalog()));
      Optional<URI> url =
          e.succeeded()
              ? Optional.of(
                  api.resolve("collections/" + pipeline.resultCollection() + "/items/" + id))
              : Optional.empty();
      scenes.add(new DemoReport.Scene(id, e.workflowStatus(), e.workflowName(), catalog, url));
    }
    scenes.sort(java.util.Comparator.comparing(DemoReport.Scene::itemId));
    String title = "waterbodies demo " + runId + ": " + scenes.size() + " scene(s)";
    DemoReport.write(runResults.resolve("report.html"), title, scenes);
    return DemoReport.write(resultsRoot.resolve("report.html"), title, scenes);
  }

  /** Removes, once, what this run created on Redis and NATS, and says what it removed or left. */
  private final class ServerCleanup implements Runnable {
    private final PrintWriter o;
    private final RunNames names;
    private volatile boolean used;
    private boolean done;

    ServerCleanup(PrintWriter o, RunNames names, boolean mayUseServers) {
      this.o = o;
      this.names = names;
      this.used = mayUseServers;
    }

    /** Whether the run really used the servers (an automatic fallback to memory did not). */
    void used(boolean v) {
      used = v;
    }

    @Override
    public synchronized void run() {
      if (done || !used) {
        return;
      }
      done = true;
      RunNames.Removal removal = names.remove(redis.uri, nats.uri);
      o.printf(
          "servers:   removed this run's %d Redis keys and JetStream streams (%s*)%n",
          removal.removed().size(), names.prefix());
      for (String l : removal.left()) {
        o.println("           left on the servers: " + l);
      }
      o.flush();
    }
  }

  /**
   * The STAC API this command owns, on the loopback interface only; the pipeline POSTs the result
   * Items to it, so writes are opened explicitly (an ephemeral loopback port of this process).
   */
  private static StacApiServer loopbackServer(InMemoryStacStore store) {
    return StacApiServer.builder()
        .store(store)
        .host("127.0.0.1")
        .port(0)
        .allowWritesWithoutToken()
        .build()
        .start();
  }

  /** Blocks until the thread is interrupted (Ctrl-C ends the JVM, which stops the server). */
  private void serveUntilInterrupted(PrintWriter o) {
    o.printf("serving:   %s until Ctrl-C%n", server.uri());
    o.flush();
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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

  /**
   * Generates the scenes and serves them from a STAC API this command owns (so it can outlive the
   * pipeline with {@code --serve}); returns how many.
   */
  private int synthetic(PrintWriter o, Path dir, RunNames names, Pipeline.Builder pb) {
    if (items < 1 || items > 1000) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--items must be 1 to 1000, not " + items);
    }
    // Fresh ids per run (time and run id), so runs at once in the same --out never share files.
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC).format(now);
    List<Item> scenes = new ArrayList<>();
    Bbox area = null;
    for (int i = 0; i < items; i++) {
      String id = "synthetic-" + stamp + "-" + names.runId() + "-" + (i + 1);
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
    InMemoryStacStore store = new InMemoryStacStore();
    store.createCollection(
        Collection.builder(
                SyntheticScene.DEFAULT_COLLECTION,
                "Synthetic scenes of this demo run",
                "CC0-1.0",
                Extent.of(area, Optional.empty(), Optional.empty()))
            .build()
            .toJson());
    store.putItems(SyntheticScene.DEFAULT_COLLECTION, scenes.stream().map(Item::toJson).toList());
    server = loopbackServer(store);
    pb.source(StacSource.api(server.uri(), SyntheticScene.DEFAULT_COLLECTION))
        .workflow(DetectionWorkflowLauncher.builder().resultsApi(server.uri()).build())
        .aoi(aoi(area))
        .epsg("EPSG:4326")
        .since(now.minus(Duration.ofHours(1)));
    return items;
  }

  /** Sets up an existing STAC API as the source; returns how many items to wait for. */
  private int remote(PrintWriter o, Path dir, Pipeline.Builder pb) {
    Bbox area = area();
    Instant from = from();
    Path downloads = dir.resolve("downloads");
    server = loopbackServer(new InMemoryStacStore());
    pb.source(StacSource.api(stac, collection).within(area))
        .workflow(
            DetectionWorkflowLauncher.builder()
                .hrefResolver(new HttpDownloads(downloads))
                .resultsApi(server.uri())
                .build())
        .aoi(aoi(area))
        .epsg("EPSG:4326")
        .since(from)
        .resultsApi(server.uri())
        .parallelism(1);
    o.printf(
        "source: %s collection %s within %s since %s; remote assets cached in %s%n",
        stac, collection, area, from, downloads);
    o.flush();
    return maxItems;
  }

  /**
   * Why an existing STAC API has nothing for this demo, if it has nothing: one search with the
   * demo's collection, bbox and time range, before anything is started.
   */
  private Optional<String> noWork(Pipeline.Builder pb) {
    if (maxItems < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--max-items must be at least 1, not " + maxItems);
    }
    Bbox area = area();
    Instant from = from();
    try (StacApiClient api = StacApiClient.open(stac)) {
      long found =
          api.search(
                  ItemSearch.builder()
                      .collections(collection)
                      .bbox(area)
                      .datetime(DatetimeInterval.between(Optional.of(from), Optional.empty()))
                      .limit(1)
                      .maxItems(1)
                      .build())
              .items()
              .count();
      if (found == 0) {
        return Optional.of(
            String.format(
                Locale.ROOT,
                "%s has no item in collection %s within %s since %s; try an earlier --since, a"
                    + " larger --bbox or another --collection",
                stac,
                collection,
                area,
                from));
      }
      return Optional.empty();
    }
  }

  private Bbox area() {
    try {
      return Bbox.parse(bbox);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--bbox: " + e.getMessage());
    }
  }

  private Instant from() {
    if (fromInstant == null) {
      fromInstant = since == null ? Instant.now().minus(Duration.ofDays(7)) : parseInstant(since);
    }
    return fromInstant;
  }

  private Instant fromInstant;

  /** The ids of the synthetic items of this run (empty with --stac: every item counts). */
  private final Set<String> ours = new HashSet<>();

  /**
   * The STAC API this command owns: the synthetic scenes and their results, or with --stac the
   * results only (a public API takes no writes).
   */
  private StacApiServer server;

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
   * Waits until {@code expected} of this run's items completed, showing progress: on a terminal one
   * line redrawn in place every second, otherwise a plain line whenever the state changed.
   * Completions of other items do not count. Gives up, saying why, when the search found nothing.
   */
  private boolean await(PrintWriter o, PipelineRun run, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(timeoutMinutes).toNanos();
    ProgressLine line = new ProgressLine(o, tty);
    try {
      while (true) {
        int seen = run.completions().size();
        // Returns as soon as one more completion arrives, or after a second to refresh progress.
        run.awaitCompletions(seen + 1, Duration.ofSeconds(1));
        long mine = mine(run.completions()).size();
        PipelineSummary s = run.summary();
        line.show(
            String.format(Locale.ROOT, "[%5.1f s]", s.elapsed().toMillis() / 1000.0),
            String.format(Locale.ROOT, "%d/%d done: %s", mine, expected, s.line()));
        if (mine >= expected) {
          return true;
        }
        if (s.itemsFound() == 0 && s.elapsed().compareTo(NOTHING_FOUND_AFTER) > 0) {
          line.finish();
          o.printf(
              "nothing to do: the STAC search at %s found no items in %d s%n",
              run.stacApi(), s.elapsed().toSeconds());
          return false;
        }
        if (System.nanoTime() > deadline) {
          return false;
        }
      }
    } finally {
      line.finish();
    }
  }

  /** How long a search may find nothing before the demo says so and stops. */
  private static final Duration NOTHING_FOUND_AFTER = Duration.ofSeconds(60);

  private List<CompletionEvent> mine(List<CompletionEvent> all) {
    return all.stream().filter(e -> ours.isEmpty() || ours.contains(itemId(e))).toList();
  }

  private static String itemId(CompletionEvent e) {
    return e.href().substring(e.href().lastIndexOf('/') + 1);
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
