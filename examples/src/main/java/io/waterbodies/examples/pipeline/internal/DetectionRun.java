package io.waterbodies.examples.pipeline.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.argo.runner.RunResult;
import io.waterbodies.argo.runner.StepContext;
import io.waterbodies.core.WaterbodiesException;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.secret.Redaction;
import io.waterbodies.detection.Aoi;
import io.waterbodies.detection.DetectionInput;
import io.waterbodies.detection.DetectionOutputs;
import io.waterbodies.detection.DetectionResult;
import io.waterbodies.detection.HrefResolver;
import io.waterbodies.detection.Index;
import io.waterbodies.detection.ItemBands;
import io.waterbodies.detection.WaterDetector;
import io.waterbodies.events.pipeline.StepTiming;
import io.waterbodies.events.pipeline.WorkflowRequest;
import io.waterbodies.events.pipeline.WorkflowResult;
import io.waterbodies.examples.Software;
import io.waterbodies.stac.catalog.CatalogWriter;
import io.waterbodies.stac.io.StacReader;
import io.waterbodies.stac.model.Catalog;
import io.waterbodies.stac.model.Item;
import io.waterbodies.stac.model.Link;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one workflow run of the detection launcher and its step handlers: what {@code
 * prepare} selected is what {@code detection} reads, within one run (parameters between steps stay
 * the reference template's JSON texts; the typed inputs travel beside them).
 */
public final class DetectionRun {
  private static final Logger LOG = LoggerFactory.getLogger(DetectionRun.class);

  /** The name of the step log in the work directory. */
  public static final String LOG_FILE = "workflow.log";

  private final WorkflowRequest request;
  private final StacReader reader;
  private final HrefResolver resolver;
  private final Index index;
  private final WaterDetector detector;
  private final Semaphore detections;
  private final String resultCollection;
  private final Optional<URI> resultsApi;
  private final List<StepTiming> timings = Collections.synchronizedList(new ArrayList<>());
  private final List<Prepared> prepared = new ArrayList<>();
  private final List<Item> results = new ArrayList<>();
  private volatile Optional<String> failure = Optional.empty();
  private volatile Path catalog;

  /** One Item ready for detection. */
  private record Prepared(String href, Item item, DetectionInput input) {}

  /**
   * A run of {@code request}; result Items name {@code resultCollection} (with a link to it) when
   * the {@code resultsApi} that receives them is known.
   */
  public DetectionRun(
      WorkflowRequest request,
      StacReader reader,
      HrefResolver resolver,
      Index index,
      WaterDetector detector,
      Semaphore detections,
      String resultCollection,
      Optional<URI> resultsApi) {
    this.request = request;
    this.resultCollection = resultCollection;
    this.resultsApi = resultsApi;
    this.reader = reader;
    this.resolver = resolver;
    this.index = index;
    this.detector = detector;
    this.detections = detections;
  }

  /** {@code prepare}: reads the Items, selects the bands, applies the AOI. */
  public Map<String, String> prepare(StepContext ctx) {
    return step(
        "pre-processing",
        () -> {
          Optional<Aoi> aoi = aoi(ctx.input("aoi"), ctx.input("epsg"));
          List<String> hrefs = hrefs(ctx.input("items"));
          for (String href : hrefs) {
            Item item = fetch(href);
            DetectionInput in;
            try {
              in = ItemBands.select(item, index, resolver);
            } catch (WaterbodiesException | IllegalArgumentException e) {
              throw problem(item.id(), href, "band selection failed: " + e.getMessage(), e);
            }
            if (aoi.isPresent()) {
              in = in.withAoi(aoi.get());
            }
            synchronized (prepared) {
              prepared.add(new Prepared(href, item, in));
            }
            log(
                "pre-processing: item "
                    + item.id()
                    + " green "
                    + in.green()
                    + in.nir().map(b -> " nir " + b).orElse("")
                    + in.swir().map(b -> " swir16 " + b).orElse("")
                    + aoi.map(a -> " aoi " + ctx.input("aoi") + " " + a.crs()).orElse(""));
          }
          ObjectNode inputs = Json.object();
          ArrayNode items = inputs.putArray("stac_items");
          hrefs.forEach(items::add);
          inputs.put("aoi", ctx.input("aoi"));
          inputs.put("epsg", ctx.input("epsg"));
          return Map.of("inputs", Json.write(inputs, false));
        });
  }

  /** {@code validate-inputs}: the reference script's checks, accepting file URLs as well. */
  public Map<String, String> validate(StepContext ctx) {
    return step(
        "validate-inputs",
        () -> {
          JsonNode inputs = Json.parse(ctx.input("inputs"), "parameter inputs");
          JsonNode items = inputs.path("stac_items");
          if (!items.isArray() || items.isEmpty()) {
            throw new PipelineStepException(
                "stac_items must be a non-empty list of URLs: " + items, request.name());
          }
          for (JsonNode i : items) {
            String s = i.asText("");
            if (!(s.startsWith("http://") || s.startsWith("https://") || s.startsWith("file:"))) {
              throw new PipelineStepException(
                  "stac_items must hold http(s) or file URLs, not '" + s + "'", request.name());
            }
          }
          if (prepared.size() != items.size()) {
            throw new PipelineStepException(
                "pre-processing prepared " + prepared.size() + " of " + items.size() + " items",
                request.name());
          }
          log("validate-inputs: " + items.size() + " item(s) ok");
          return Map.of();
        });
  }

  /** The CWL job: detection on every prepared Item, outputs and the result catalog. */
  public Map<String, String> detect(StepContext ctx) throws InterruptedException {
    detections.acquire();
    try {
      return step(
          "detection",
          () -> {
            List<Item> out = new ArrayList<>();
            for (Prepared p : prepared) {
              out.add(detectOne(p));
            }
            Catalog root =
                Catalog.builder(request.name(), "Water masks of " + request.name())
                    .title("Water detection by workflow " + request.name())
                    .build();
            Path c;
            try {
              c = CatalogWriter.selfContained().write(root, out, request.workDir());
            } catch (WaterbodiesException e) {
              throw new PipelineStepException(
                  "cannot write the result catalog: " + e.getMessage(),
                  request.workDir().toString(),
                  e);
            }
            synchronized (results) {
              results.addAll(out);
            }
            catalog = c;
            log("detection: catalog " + c);
            return Map.of();
          });
    } finally {
      detections.release();
    }
  }

  /** {@code calrissian-runner-results}: exposes catalog, log and usage report as outputs. */
  public Map<String, String> results(StepContext ctx) {
    return step(
        "results",
        () -> {
          ObjectNode output = Json.object();
          output.putObject("stac_catalog").put("class", "File").put("path", catalog.toString());
          ObjectNode usage = Json.object();
          synchronized (timings) {
            for (StepTiming t : timings) {
              usage.put(t.step() + "_ms", t.duration().toMillis());
            }
          }
          String log = Files.readString(logFile(), StandardCharsets.UTF_8);
          return Map.of(
              "results",
              Json.write(output, false),
              "log",
              log,
              "usage-report",
              Json.write(usage, false));
        });
  }

  /** The launcher's result for the local run. */
  public WorkflowResult outcome(RunResult run) {
    List<StepTiming> steps;
    synchronized (timings) {
      steps = List.copyOf(timings);
    }
    if (run.succeeded() && catalog != null) {
      List<Item> items;
      synchronized (results) {
        items = List.copyOf(results);
      }
      return WorkflowResult.succeeded(items, catalog.toString(), steps);
    }
    String message =
        failure.orElseGet(
            () -> "workflow " + request.name() + " failed: " + run.message().orElse("no message"));
    log("FAILED: " + message);
    return WorkflowResult.failed(message, steps);
  }

  private Item detectOne(Prepared p) {
    Path dir = request.workDir().resolve(safe(p.item().id()));
    DetectionResult r;
    try {
      r = detector.detect(p.input());
    } catch (WaterbodiesException | IllegalArgumentException e) {
      throw problem(p.item().id(), p.href(), "detection failed: " + e.getMessage(), e);
    }
    DetectionOutputs.WrittenFiles files;
    try {
      files = DetectionOutputs.write(r, dir);
    } catch (WaterbodiesException e) {
      throw problem(p.item().id(), p.href(), "cannot write outputs: " + e.getMessage(), e);
    }
    Instant datetime = p.item().datetime().orElseGet(Instant::now);
    Item result = withLineage(DetectionOutputs.resultItem(r, files, p.item().id(), datetime), p);
    log(
        String.format(
            java.util.Locale.ROOT,
            "detection: item %s %dx%d threshold %.6f water %d of %d valid pixels -> %s",
            p.item().id(),
            r.width(),
            r.height(),
            r.threshold(),
            r.diagnostics().waterPixels(),
            r.diagnostics().validPixels(),
            files.mask()));
    return result;
  }

  /**
   * Adds where the result comes from: a {@code derived_from} link to the source Item, the
   * processing extension's software, datetime and lineage, and the result collection (with its
   * {@code collection} link, which STAC requires beside the field) when the results API is known.
   */
  private Item withLineage(Item result, Prepared p) {
    ObjectNode software = Json.object().put(Software.NAME, Software.version());
    Item.Builder b =
        result.toBuilder()
            .stacExtension(PROCESSING_SCHEMA)
            .link(
                Link.builder("derived_from", p.href())
                    .type("application/geo+json")
                    .title("source Item " + p.item().id())
                    .build())
            .property("processing:software", software)
            .property(
                "processing:datetime", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString())
            .property(
                "processing:lineage",
                index
                    + " water detection (Otsu threshold) of "
                    + p.item().id()
                    + " by workflow "
                    + request.name());
    resultsApi.ifPresent(
        api ->
            b.collection(resultCollection)
                .link(
                    Link.builder(
                            Link.REL_COLLECTION,
                            api.resolve("collections/" + resultCollection).toString())
                        .type("application/json")
                        .build()));
    return b.build();
  }

  /** The STAC processing extension, whose fields record the software and time. */
  public static final String PROCESSING_SCHEMA =
      "https://stac-extensions.github.io/processing/v1.2.0/schema.json";

  private Item fetch(String href) {
    URI uri;
    try {
      uri = URI.create(href);
    } catch (IllegalArgumentException e) {
      throw problem("?", href, "not a URL", e);
    }
    try {
      return reader.readItem(uri);
    } catch (WaterbodiesException e) {
      throw problem("?", href, "cannot read the STAC item: " + e.getMessage(), e);
    }
  }

  private List<String> hrefs(String itemsParameter) {
    String v = itemsParameter.trim();
    if (!v.startsWith("[")) {
      return v.isEmpty() ? List.of() : List.of(v);
    }
    List<String> out = new ArrayList<>();
    for (JsonNode n : Json.parse(v, "parameter items")) {
      out.add(n.asText());
    }
    return out;
  }

  private Optional<Aoi> aoi(String aoi, String epsg) {
    if (aoi.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Aoi.parse(aoi, epsg.isBlank() ? "EPSG:4326" : epsg));
    } catch (IllegalArgumentException e) {
      throw new PipelineStepException("parameter aoi: " + e.getMessage(), request.name(), e);
    }
  }

  private PipelineStepException problem(String id, String href, String what, Throwable cause) {
    String msg = "item '" + id + "' (" + Redaction.redact(href) + "): " + what;
    return new PipelineStepException(msg, cause);
  }

  /** A step body that may throw. */
  @FunctionalInterface
  private interface Body {
    Map<String, String> run() throws Exception;
  }

  private Map<String, String> step(String name, Body body) {
    long t0 = System.nanoTime();
    log(name + ": started");
    try {
      Map<String, String> out = body.run();
      Duration d = Duration.ofNanos(System.nanoTime() - t0);
      timings.add(new StepTiming(name, d, true));
      log(name + ": succeeded in " + d.toMillis() + " ms");
      return out;
    } catch (Exception e) {
      Duration d = Duration.ofNanos(System.nanoTime() - t0);
      timings.add(new StepTiming(name, d, false));
      String msg = name + " step failed: " + e.getMessage();
      if (failure.isEmpty()) {
        failure = Optional.of(msg);
      }
      log(name + ": FAILED after " + d.toMillis() + " ms: " + e.getMessage());
      throw e instanceof PipelineStepException p ? p : new PipelineStepException(msg, name, e);
    }
  }

  private Path logFile() {
    return request.workDir().resolve(LOG_FILE);
  }

  private void log(String line) {
    try {
      synchronized (this) {
        Files.writeString(
            logFile(),
            Instant.now() + " " + line + "\n",
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      }
    } catch (IOException e) {
      LOG.warn("workflow {}: cannot write its step log: {}", request.name(), e.getMessage());
    }
  }

  /** A file-system-safe directory name for an Item id. */
  private static String safe(String id) {
    return id.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
