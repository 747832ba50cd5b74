package io.waterbodies.events.pipeline;

import io.waterbodies.core.geo.Bbox;
import io.waterbodies.stac.io.StacReader;
import io.waterbodies.stac.model.Asset;
import io.waterbodies.stac.model.Item;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A workflow runtime for tests: reads the input item from the STAC API, writes a small result file
 * (no detection) and returns one result Item with the input's id and datetime. Items whose id is in
 * {@link #failing} fail their "detection" step; those in {@link #throwing} make the launcher throw;
 * those in {@link #extraItem} return a second result Item too, with the id mapped to.
 */
final class TestWorkflow implements WorkflowLauncher {
  final List<WorkflowRequest> requests = new CopyOnWriteArrayList<>();
  final Set<String> failing = ConcurrentHashMap.newKeySet();
  final Set<String> throwing = ConcurrentHashMap.newKeySet();
  final Map<String, String> extraItem = new ConcurrentHashMap<>();

  @Override
  public WorkflowResult launch(WorkflowRequest request) throws Exception {
    requests.add(request);
    long t0 = System.nanoTime();
    Item input = StacReader.create().readItem(URI.create(request.items().get(0)));
    List<StepTiming> steps = new ArrayList<>();
    steps.add(new StepTiming("prepare", Duration.ofNanos(System.nanoTime() - t0), true));
    if (throwing.contains(input.id())) {
      throw new IllegalStateException("launcher crashed on " + input.id());
    }
    long t1 = System.nanoTime();
    if (failing.contains(input.id())) {
      steps.add(new StepTiming("detection", Duration.ofNanos(System.nanoTime() - t1), false));
      return WorkflowResult.failed("detection failed on " + input.id(), steps);
    }
    Path mask = request.workDir().resolve(input.id() + ".txt");
    Files.writeString(mask, "mask of " + input.id() + "\n", StandardCharsets.UTF_8);
    steps.add(new StepTiming("detection", Duration.ofNanos(System.nanoTime() - t1), true));
    List<Item> out = new ArrayList<>();
    out.add(result(input.id(), input, request, mask));
    if (extraItem.containsKey(input.id())) {
      out.add(result(extraItem.get(input.id()), input, request, mask));
    }
    return WorkflowResult.succeeded(
        out, request.workDir().resolve("catalog.json").toString(), steps);
  }

  private static Item result(String id, Item input, WorkflowRequest request, Path mask) {
    return Item.builder(id)
        .geometryFromBbox(Bbox.parse(request.aoi()))
        .datetime(input.datetime().orElseThrow())
        .asset("data", Asset.builder(mask.toUri().toString()).roles("data", "visual").build())
        .build();
  }
}
