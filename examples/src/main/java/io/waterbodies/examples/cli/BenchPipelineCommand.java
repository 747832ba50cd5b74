package io.waterbodies.examples.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.geo.Bbox;
import io.waterbodies.detection.HrefResolver;
import io.waterbodies.events.pipeline.BusMode;
import io.waterbodies.events.pipeline.CompletionEvent;
import io.waterbodies.events.pipeline.Pipeline;
import io.waterbodies.events.pipeline.PipelineRun;
import io.waterbodies.events.pipeline.StacSource;
import io.waterbodies.events.pipeline.StepTiming;
import io.waterbodies.events.pipeline.WorkflowLauncher;
import io.waterbodies.events.pipeline.WorkflowResult;
import io.waterbodies.examples.pipeline.DetectionWorkflowLauncher;
import io.waterbodies.examples.pipeline.RunNames;
import io.waterbodies.stac.io.StacReader;
import io.waterbodies.stac.model.Asset;
import io.waterbodies.stac.model.Collection;
import io.waterbodies.stac.model.Extent;
import io.waterbodies.stac.model.Item;
import io.waterbodies.stac.server.InMemoryStacStore;
import io.waterbodies.stac.server.StacApiServer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code waterbodies bench pipeline}: items are added to a STAC API one by one while the pipeline
 * runs; the figures are the time from an item being stored to its completion event (its result Item
 * was POSTed and is searchable by then) and the throughput. By default the workflow writes a
 * one-line file instead of running detection, so this measures watcher, bus, sensor, trigger and
 * publishing; with {@code --scene ITEM.json} every added item is a copy of that scene and the
 * workflow is the real {@link DetectionWorkflowLauncher} (reference template, detection, outputs,
 * catalog).
 */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    description =
        "Measure item-to-result latency and throughput of the embedded pipeline (without"
            + " detection, or with detection on copies of --scene).")
final class BenchPipelineCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--items", defaultValue = "100", description = "Items to add.")
  int items;

  @Option(names = "--interval-ms", defaultValue = "50", description = "Pause between added items.")
  long intervalMs;

  @Option(names = "--poll-ms", defaultValue = "200", description = "The watcher's search interval.")
  long pollMs;

  @Option(
      names = "--scene",
      paramLabel = "ITEM.json",
      description =
          "Run real detection: every added item is a copy of this STAC Item, whose assets are"
              + " read from the files of the same name beside it; the AOI is its bbox.")
  Path scene;

  @Option(
      names = "--parallelism",
      defaultValue = "2",
      description = "Workflows at once (the pipeline's parallelism).")
  int parallelism;

  @Option(
      names = "--bus",
      defaultValue = "IN_MEMORY",
      description = "IN_MEMORY or SERVERS (the local Redis and NATS).")
  BusMode bus;

  @Mixin ConnectionOptions.Redis redis;

  @Mixin ConnectionOptions.Nats nats;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    RunNames names = RunNames.random("bench");
    InMemoryStacStore store = new InMemoryStacStore();
    store.createCollection(
        Collection.builder(
                "bench",
                "bench items",
                "proprietary",
                Extent.of(Bbox.of(-180, -90, 180, 90), Optional.empty(), Optional.empty()))
            .build()
            .toJson());
    Map<String, Long> added = new ConcurrentHashMap<>();
    Map<String, Long> done = new ConcurrentHashMap<>();
    Optional<Item> sceneItem = Optional.ofNullable(scene).map(f -> StacReader.create().readItem(f));
    String aoi =
        sceneItem
            .flatMap(Item::bbox)
            .map(b -> b.west() + "," + b.south() + "," + b.east() + "," + b.north())
            .orElse(Pipeline.DEFAULT_AOI);
    WorkflowLauncher launcher =
        scene != null
            ? DetectionWorkflowLauncher.builder()
                .hrefResolver(HrefResolver.byFileName(scene.toAbsolutePath().getParent()))
                .build()
            : oneLineWorkflow();
    Path outDir = Files.createTempDirectory("bench-pipeline-");
    // The pipeline posts its results back to this loopback server: writes opened explicitly.
    try (StacApiServer server =
        StacApiServer.builder().store(store).port(0).allowWritesWithoutToken().build().start()) {
      Pipeline p =
          names
              .applyTo(Pipeline.builder())
              .source(StacSource.api(server.uri(), "bench"))
              .workflow(launcher)
              .busMode(bus)
              .redisUri(redis.uri)
              .natsUri(nats.uri)
              .resultCollection("bench-results")
              .aoi(aoi)
              .parallelism(parallelism)
              .outDir(outDir)
              .pollInterval(Duration.ofMillis(pollMs))
              .progressInterval(Duration.ZERO)
              .build();
      long start;
      try (PipelineRun r = p.runEmbedded()) {
        start = System.nanoTime();
        Thread watcher =
            new Thread(
                () -> {
                  while (done.size() < items && !Thread.currentThread().isInterrupted()) {
                    for (CompletionEvent e : r.completions()) {
                      String id = e.href().substring(e.href().lastIndexOf('/') + 1);
                      done.putIfAbsent(id, System.nanoTime());
                    }
                    try {
                      Thread.sleep(2);
                    } catch (InterruptedException ie) {
                      return;
                    }
                  }
                });
        watcher.start();
        for (int i = 0; i < items; i++) {
          String id = "item-" + i;
          ObjectNode it =
              sceneItem.isPresent()
                  ? copy(sceneItem.get(), id)
                  : Item.builder(id)
                      .geometryFromBbox(Bbox.of(-121.5, 39.7, -120.6, 40.6))
                      .datetime(Instant.now().minusSeconds(1))
                      .build()
                      .toJson();
          added.put(id, System.nanoTime());
          store.createItem("bench", it);
          Thread.sleep(intervalMs);
        }
        boolean all = r.awaitCompletions(items, Duration.ofMinutes(5));
        watcher.join(10_000);
        long end = System.nanoTime();
        List<Long> lat = new ArrayList<>();
        done.forEach((id, t) -> lat.add(t - added.get(id)));
        Collections.sort(lat);
        out.printf(
            "waterbodies bench pipeline (bus %s, %d items every %d ms, poll %d ms, parallelism %d,"
                + " %d cores, %s)%n",
            r.busMode(),
            items,
            intervalMs,
            pollMs,
            parallelism,
            Runtime.getRuntime().availableProcessors(),
            scene == null ? "no detection" : "detection on copies of " + scene);
        if (!all || lat.isEmpty()) {
          out.printf("only %d of %d items completed%n", lat.size(), items);
          return 1;
        }
        out.printf(
            "item stored -> result searchable: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
            lat.get(lat.size() / 2) / 1e6,
            lat.get(Math.min(lat.size() - 1, (int) Math.ceil(lat.size() * 0.99) - 1)) / 1e6,
            lat.get(lat.size() - 1) / 1e6);
        out.printf(
            "throughput: %.0f items/min%s%n",
            items / ((end - start) / 6e10),
            intervalMs > 0 ? " (bounded by the rate items were added at)" : "");
        out.print(r.summary().table());
      }
    } finally {
      if (bus != BusMode.IN_MEMORY) {
        RunNames.Removal removal = names.remove(redis.uri, nats.uri);
        for (String l : removal.left()) {
          spec.commandLine().getErr().println("left on the servers: " + l);
        }
      }
    }
    out.flush();
    return 0;
  }

  /** The workflow of the overhead benchmark: a one-line file and a result Item, no detection. */
  private static WorkflowLauncher oneLineWorkflow() {
    return r -> {
      long t0 = System.nanoTime();
      String href = r.items().get(0);
      String id = href.substring(href.lastIndexOf('/') + 1);
      Path f = r.workDir().resolve(id + ".txt");
      Files.writeString(f, id);
      Item result =
          Item.builder(id)
              .geometryFromBbox(Bbox.parse(r.aoi()))
              .datetime(Instant.now())
              .asset("data", Asset.builder(f.toUri().toString()).roles("data").build())
              .build();
      return WorkflowResult.succeeded(
          List.of(result),
          r.workDir().resolve("catalog.json").toString(),
          List.of(new StepTiming("write", Duration.ofNanos(System.nanoTime() - t0), true)));
    };
  }

  /** The scene as a new item {@code id} of the bench collection, dated now. */
  private static ObjectNode copy(Item scene, String id) {
    ObjectNode j = scene.toJson().deepCopy();
    j.put("id", id);
    j.put("collection", "bench");
    j.remove("links");
    ((ObjectNode) j.path("properties")).put("datetime", Instant.now().minusSeconds(1).toString());
    // Relative asset hrefs would resolve against the API's URL: make them absolute file URLs.
    scene
        .location()
        .ifPresent(
            base ->
                j.path("assets")
                    .properties()
                    .forEach(
                        e -> {
                          ObjectNode a = (ObjectNode) e.getValue();
                          a.put("href", base.resolve(a.path("href").asText()).toString());
                        }));
    return j;
  }
}
