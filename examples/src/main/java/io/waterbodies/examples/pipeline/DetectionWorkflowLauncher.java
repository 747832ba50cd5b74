package io.waterbodies.examples.pipeline;

import io.waterbodies.argo.model.Workflow;
import io.waterbodies.argo.model.WorkflowTemplate;
import io.waterbodies.argo.reference.ReferencePipeline;
import io.waterbodies.argo.runner.LocalRunner;
import io.waterbodies.argo.runner.RunResult;
import io.waterbodies.core.json.Json;
import io.waterbodies.detection.HrefResolver;
import io.waterbodies.detection.Index;
import io.waterbodies.detection.WaterDetector;
import io.waterbodies.detection.WaterGuard;
import io.waterbodies.events.pipeline.WorkflowLauncher;
import io.waterbodies.events.pipeline.WorkflowRequest;
import io.waterbodies.events.pipeline.WorkflowResult;
import io.waterbodies.examples.pipeline.internal.DetectionRun;
import io.waterbodies.stac.io.StacReader;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * A real {@link WorkflowLauncher}: runs the reference {@code water-bodies-detection}
 * WorkflowTemplate ({@link ReferencePipeline#detectionTemplate()}, with its {@code argo-cwl-runner}
 * template) in this JVM with the argo module's {@link LocalRunner}, the detection kernel standing
 * in for the CWL application.
 *
 * <p>The reference template's leaf templates are bound to in-process step handlers as follows (the
 * template names are the reference template's; the step names reported in {@link
 * io.waterbodies.events.pipeline.StepTiming} are the ones in brackets):
 *
 * <ul>
 *   <li>{@code prepare} (<b>pre-processing</b>): fetches every STAC Item of the {@code items}
 *       parameter (http(s) or file URL), selects green and nir (swir16 for MNDWI) by common name
 *       with the caller's {@link HrefResolver}, and applies the {@code aoi} / {@code epsg}
 *       parameters;
 *   <li>{@code validate-inputs} (<b>validate-inputs</b>): checks the prepared inputs as the
 *       reference script does (file URLs are accepted too);
 *   <li>{@code argo-cwl-runner/calrissian-runner-job} (<b>detection</b>): where the cluster runs
 *       the CWL application with Calrissian, runs {@link WaterDetector} on each Item and writes
 *       {@code <item id>/mask.tif}, {@code diagnostics.json}, {@code quicklook.png} and a
 *       self-contained STAC catalog ({@code catalog.json}) under the request's work directory;
 *   <li>{@code argo-cwl-runner/calrissian-runner-results} (<b>results</b>): returns the catalog
 *       location, the step log and a usage report as the template's outputs;
 *   <li>{@code publish} (exit handler): does nothing, because the pipeline itself publishes the
 *       result Items and emits the completion event from the returned {@link WorkflowResult}.
 * </ul>
 *
 * <p>Every step appends to {@code workflow.log} in the work directory. A failing step (an Item
 * without the needed bands, an unreadable raster, an AOI outside the scene) makes the launch return
 * {@link WorkflowResult#failed} with a message naming the Item and the problem, and no result Item.
 * Thread-safe: the pipeline calls it from several workflow threads; at most {@link
 * Builder#threads(int)} detections run at once.
 *
 * <pre>{@code
 * WorkflowLauncher launcher = DetectionWorkflowLauncher.builder()
 *     .hrefResolver(HrefResolver.byFileName(Path.of("scenes")))
 *     .index(Index.NDWI)
 *     .guard(true)
 *     .build();
 * Pipeline p = Pipeline.builder().source(StacSource.embedded(items)).workflow(launcher).build();
 * }</pre>
 */
public final class DetectionWorkflowLauncher implements WorkflowLauncher {
  private final HrefResolver resolver;
  private final Index index;
  private final boolean guard;
  private final int threads;
  private final StacReader reader;
  private final WorkflowTemplate detectionTemplate;
  private final WorkflowTemplate cwlRunnerTemplate;
  private final String jobTemplate;
  private final Semaphore detections;
  private final String resultCollection;
  private final Optional<URI> resultsApi;

  private DetectionWorkflowLauncher(Builder b) {
    this.resultCollection = b.resultCollection;
    this.resultsApi = b.resultsApi;
    this.resolver = b.resolver;
    this.index = b.index;
    this.guard = b.guard;
    this.threads = b.threads;
    this.reader = b.reader;
    // Built once: the templates are immutable and the same for every run.
    this.detectionTemplate = b.reference.detectionTemplate();
    this.cwlRunnerTemplate = b.reference.cwlRunnerTemplate();
    this.jobTemplate =
        cwlRunnerTemplate.name().orElseThrow()
            + "/"
            + b.reference.calrissian().runnerTemplateName();
    this.detections = new Semaphore(b.threads, true);
  }

  /** A launcher with every default: local {@code file:} assets, NDWI, no guard. */
  public static DetectionWorkflowLauncher defaults() {
    return builder().build();
  }

  /** A builder with the defaults of {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The water index computed. */
  public Index index() {
    return index;
  }

  /** Whether the no-water guard ({@link WaterGuard#positiveIndex()}) is on. */
  public boolean guard() {
    return guard;
  }

  /** At most this many detections run at once. */
  public int threads() {
    return threads;
  }

  @Override
  public WorkflowResult launch(WorkflowRequest request) throws InterruptedException {
    DetectionRun run =
        new DetectionRun(
            request,
            reader,
            resolver,
            index,
            detector(request),
            detections,
            resultCollection,
            resultsApi);
    String template = detectionTemplate.name().orElseThrow();
    LocalRunner runner =
        LocalRunner.builder()
            .workflowTemplate(detectionTemplate)
            .workflowTemplate(cwlRunnerTemplate)
            .handler("prepare", run::prepare)
            .handler("validate-inputs", run::validate)
            .handler(jobTemplate + "-job", run::detect)
            .handler(jobTemplate + "-results", run::results)
            .handler("publish", ctx -> Map.of())
            .build();
    Map<String, String> args = new LinkedHashMap<>();
    args.put("items", Json.write(Json.mapper().valueToTree(request.items()), false));
    args.put("aoi", request.aoi());
    args.put("epsg", request.epsg());
    Workflow workflow =
        Workflow.builder()
            .name(request.name())
            .workflowTemplateRef(template)
            .argument("items", args.get("items"))
            .argument("aoi", request.aoi())
            .argument("epsg", request.epsg())
            .build();
    RunResult result = runner.run(workflow, args);
    return run.outcome(result);
  }

  private WaterDetector detector(WorkflowRequest request) {
    // The pipeline has one thresholding method today (Otsu); a fixed threshold would map here.
    Objects.requireNonNull(request.threshold(), "threshold");
    return WaterDetector.builder()
        .index(index)
        .threshold(io.waterbodies.detection.Threshold.otsu())
        .guard(guard ? WaterGuard.positiveIndex() : WaterGuard.none())
        .build();
  }

  @Override
  public String toString() {
    return "DetectionWorkflowLauncher[index="
        + index
        + ", guard="
        + guard
        + ", threads="
        + threads
        + "]";
  }

  /** Configures a {@link DetectionWorkflowLauncher}; every setting has a default. */
  public static final class Builder {
    private HrefResolver resolver = HrefResolver.localFiles();
    private Index index = Index.NDWI;
    private boolean guard;
    private int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private StacReader reader = StacReader.create();
    private ReferencePipeline reference = ReferencePipeline.builder().build();
    private String resultCollection = "water-bodies";
    private Optional<URI> resultsApi = Optional.empty();

    private Builder() {}

    /**
     * The STAC API that receives the result Items: they then name their collection ({@link
     * #resultCollection(String)}) and link to it (default: unknown, the Items name no collection).
     */
    public Builder resultsApi(URI v) {
      this.resultsApi = Optional.of(v);
      return this;
    }

    /** The collection of the result Items (default {@code water-bodies}, the pipeline's). */
    public Builder resultCollection(String v) {
      this.resultCollection = Objects.requireNonNull(v, "resultCollection");
      return this;
    }

    /** Maps asset hrefs to local files (default: {@code file:} hrefs only). */
    public Builder hrefResolver(HrefResolver v) {
      this.resolver = Objects.requireNonNull(v, "hrefResolver");
      return this;
    }

    /** The water index: NDWI (green, nir; default) or MNDWI (green, swir16). */
    public Builder index(Index v) {
      this.index = Objects.requireNonNull(v, "index");
      return this;
    }

    /** Declares scenes without positive index values water-free (default off, as the reference). */
    public Builder guard(boolean v) {
      this.guard = v;
      return this;
    }

    /** Detections running at once, over all workflows (default: the number of processors). */
    public Builder threads(int v) {
      if (v < 1) {
        throw new IllegalArgumentException("threads must be at least 1, not " + v);
      }
      this.threads = v;
      return this;
    }

    /**
     * Reads the STAC Items of the {@code items} parameter (default {@link StacReader#create()}).
     */
    public Builder stacReader(StacReader v) {
      this.reader = Objects.requireNonNull(v, "stacReader");
      return this;
    }

    /**
     * The reference resources whose {@code water-bodies-detection} and {@code argo-cwl-runner}
     * templates are run (default {@code ReferencePipeline.builder().build()}).
     */
    public Builder reference(ReferencePipeline v) {
      this.reference = Objects.requireNonNull(v, "reference");
      return this;
    }

    /** Builds the launcher. */
    public DetectionWorkflowLauncher build() {
      return new DetectionWorkflowLauncher(this);
    }
  }
}
