package io.waterbodies.argo.reference;

import io.waterbodies.argo.model.ArgoResource;
import io.waterbodies.argo.model.EventBus;
import io.waterbodies.argo.model.EventSource;
import io.waterbodies.argo.model.SecretKeyRef;
import io.waterbodies.argo.model.Sensor;
import io.waterbodies.argo.model.WorkflowTemplate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The reference event-driven deployment, named as {@link ReferenceNames} says: the five Argo
 * resources (EventBus {@code default}; EventSource {@code redis-source} reading the Redis stream
 * {@code STREAM} as event {@code example}; Sensor {@code water-bodies-sensor} that creates a {@code
 * water-bodies-detection-*} Workflow per event with parameters {@code items}, {@code aoi}, {@code
 * epsg}; WorkflowTemplate {@code argo-cwl-runner} running our CWL application ({@link
 * WaterBodiesCwl}) with Calrissian; WorkflowTemplate {@code water-bodies-detection}: prepare,
 * validate inputs, run CWL, then an exit step running {@code waterbodies publish} that POSTs the
 * result Items to the STAC API and XADDs the completion event) and, in {@link #bundle()}, what they
 * need to run: service accounts, Roles and RoleBindings, and the STAC watcher Deployment. Every
 * name and parameter can be changed.
 *
 * <pre>{@code
 * List<ArgoResource> resources = ReferencePipeline.builder()
 *     .namespace("eoap-event-driven")
 *     .redis("redis-service", 6379)
 *     .stream("STREAM")
 *     .build()
 *     .resources();
 * }</pre>
 */
public final class ReferencePipeline {
  /** The Python reference app's CWL package (run it with {@link Builder#cwl(String, String)}). */
  public static final String DEFAULT_CWL_URL =
      "https://github.com/eoap/mastering-app-package/releases/download/1.0.0/"
          + "app-water-bodies-cloud-native.1.0.0.cwl";

  /** The tag of the default image: the SDK's version. */
  public static final String DEFAULT_IMAGE_TAG = "0.1.0";

  /** The image holding the {@code waterbodies} command (built from examples/Dockerfile). */
  public static final String DEFAULT_IMAGE = "waterbodies:" + DEFAULT_IMAGE_TAG;

  /** The STAC API the watcher searches by default (Element 84's Earth Search). */
  public static final String DEFAULT_STAC_SOURCE = "https://earth-search.aws.element84.com/v1";

  /** The collection the watcher searches by default. */
  public static final String DEFAULT_WATCH_COLLECTION = "sentinel-2-l2a";

  /** The STAC API (with transactions) receiving the result Items by default. */
  public static final String DEFAULT_RESULTS_API = "http://stac-api:8080";

  /**
   * Default Secret key of the results API's bearer token: Secret {@code waterbodies-stac}, key
   * {@code token}.
   */
  public static final SecretKeyRef DEFAULT_STAC_WRITE_TOKEN =
      new SecretKeyRef("waterbodies-stac", "token");

  /** The environment variable the publish step reads the results API's token from. */
  public static final String STAC_WRITE_TOKEN_ENV = "WATERBODIES_STAC_WRITE_TOKEN";

  private final PipelineSettings s;
  private final CalrissianStep calrissian;

  private ReferencePipeline(PipelineSettings settings) {
    // A copy: changing the builder later must not change this built object.
    this.s = settings.copy();
    this.calrissian = WorkflowTemplates.calrissian(s);
  }

  /** Our CWL application package, as the runner template embeds it (unless a URL was given). */
  public WaterBodiesCwl cwl() {
    return WorkflowTemplates.cwl(s);
  }

  /**
   * Everything to apply, in apply order: service accounts, Roles and RoleBindings of the sensor and
   * the workflows, the EventBus, the two WorkflowTemplates, the EventSource, the Sensor and the
   * STAC watcher Deployment; plus the CWL document (embedded in the runner template) and the
   * prerequisites of the cluster.
   */
  public Bundle bundle() {
    return BundleAssembler.bundle(this, s);
  }

  /** The STAC watcher's command line ({@code waterbodies events watch ...}). */
  public List<String> watcherArgs() {
    return PipelineCommands.watcherArgs(s);
  }

  /** Starts a pipeline with the reference defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** All five resources, in the order they should be applied. */
  public List<ArgoResource> resources() {
    return List.of(eventBus(), eventSource(), sensor(), cwlRunnerTemplate(), detectionTemplate());
  }

  /** The Calrissian step used by {@link #cwlRunnerTemplate()}. */
  public CalrissianStep calrissian() {
    return calrissian;
  }

  /** The JetStream EventBus. */
  public EventBus eventBus() {
    return EventResources.eventBus(s);
  }

  /** The EventSource reading the Redis stream. */
  public EventSource eventSource() {
    return EventResources.eventSource(s);
  }

  /** The Sensor that creates a detection Workflow per event. */
  public Sensor sensor() {
    return EventResources.sensor(s);
  }

  /** The WorkflowTemplate holding the Calrissian templates. */
  public WorkflowTemplate cwlRunnerTemplate() {
    return WorkflowTemplates.cwlRunnerTemplate(s, calrissian);
  }

  /** The WorkflowTemplate run per event: prepare, validate inputs, run CWL, report on exit. */
  public WorkflowTemplate detectionTemplate() {
    return WorkflowTemplates.detectionTemplate(s, calrissian);
  }

  /**
   * The exit step's command line: {@code waterbodies publish}, which POSTs the result Items of a
   * workflow that succeeded to the STAC API and XADDs the completion event (success or failure).
   */
  public List<String> publishArgs() {
    return PipelineCommands.publishArgs(s);
  }

  /** The reference deployment's jq transform of the event data. */
  public static final String DEFAULT_JQ = ReferenceNames.JQ;

  /** Builds a {@link ReferencePipeline}; the defaults are the reference deployment's. */
  public static final class Builder implements Cloneable {
    // Cloneable stays for source compatibility; the values are copied with PipelineSettings.copy().
    private final PipelineSettings settings = new PipelineSettings();

    Builder() {}

    /** Namespace of every resource (none: the current namespace when applied). */
    public Builder namespace(String namespace) {
      settings.namespace = Optional.of(Objects.requireNonNull(namespace, "namespace"));
      return this;
    }

    /** Redis host and port, as seen from the cluster. */
    public Builder redis(String host, int port) {
      if (port <= 0 || port > 65535) {
        throw new IllegalArgumentException("redis port out of range: " + port);
      }
      settings.redisHost = Objects.requireNonNull(host, "host");
      settings.redisPort = port;
      return this;
    }

    /** The Redis stream the watcher writes and the EventSource reads. */
    public Builder stream(String stream) {
      settings.stream = Objects.requireNonNull(stream, "stream");
      return this;
    }

    /** The event name of the stream in the EventSource and the Sensor (default {@code example}). */
    public Builder eventName(String name) {
      settings.eventName = Optional.of(Objects.requireNonNull(name, "name"));
      return this;
    }

    /** The Sensor dependency's jq transform (default {@value #DEFAULT_JQ}; blank: none). */
    public Builder jq(String program) {
      settings.jq = Objects.requireNonNull(program, "program");
      return this;
    }

    /** The created Workflows' name prefix (default: the detection template name and '-'). */
    public Builder generateName(String prefix) {
      settings.generateName = Optional.of(Objects.requireNonNull(prefix, "prefix"));
      return this;
    }

    /** The consumer group (Argo's default {@code argo-events-cg} when not set). */
    public Builder consumerGroup(String group) {
      settings.consumerGroup = Optional.of(group);
      return this;
    }

    /** The EventBus name. */
    public Builder eventBusName(String name) {
      settings.eventBusName = Objects.requireNonNull(name);
      return this;
    }

    /** The EventSource name. */
    public Builder eventSourceName(String name) {
      settings.eventSourceName = Objects.requireNonNull(name);
      return this;
    }

    /** The Sensor name. */
    public Builder sensorName(String name) {
      settings.sensorName = Objects.requireNonNull(name);
      return this;
    }

    /** The Sensor's dependency name. */
    public Builder dependencyName(String name) {
      settings.dependencyName = Objects.requireNonNull(name);
      return this;
    }

    /** The Sensor's trigger name. */
    public Builder triggerName(String name) {
      settings.triggerName = Objects.requireNonNull(name);
      return this;
    }

    /** One service account for the sensor and the workflows (and their one Role). */
    public Builder serviceAccount(String name) {
      settings.sensorAccount = Objects.requireNonNull(name);
      settings.workflowAccount = name;
      return this;
    }

    /** Service accounts (with a Role and RoleBinding each) of the sensor and the workflows. */
    public Builder serviceAccounts(String sensor, String workflow) {
      settings.sensorAccount = Objects.requireNonNull(sensor, "sensor");
      settings.workflowAccount = Objects.requireNonNull(workflow, "workflow");
      return this;
    }

    /** The image holding the {@code waterbodies} command (CWL tool, publish step, watcher). */
    public Builder image(String image) {
      settings.image = Objects.requireNonNull(image, "image");
      return this;
    }

    /** The STAC API and collections the watcher Deployment searches. */
    public Builder watch(String stacApiUrl, List<String> collections) {
      settings.stacSource = Objects.requireNonNull(stacApiUrl, "stacApiUrl");
      settings.watchCollections = List.copyOf(collections);
      return this;
    }

    /** The watcher Deployment's name. */
    public Builder watcherName(String name) {
      settings.watcherName = Objects.requireNonNull(name, "name");
      return this;
    }

    /** The STAC API (transactions extension) and collection receiving the result Items. */
    public Builder results(String stacApiUrl, String collection) {
      settings.resultsApi = Objects.requireNonNull(stacApiUrl, "stacApiUrl");
      settings.resultCollection = Objects.requireNonNull(collection, "collection");
      return this;
    }

    /**
     * The Kubernetes Secret key holding the bearer token for the results API's transactions
     * (default {@link ReferencePipeline#DEFAULT_STAC_WRITE_TOKEN}). The publish step reads it as
     * {@code WATERBODIES_STAC_WRITE_TOKEN}; the Secret is optional, so an API without
     * authentication needs none.
     */
    public Builder stacWriteToken(SecretKeyRef secret) {
      settings.stacWriteToken = Objects.requireNonNull(secret, "secret");
      return this;
    }

    /** The detection WorkflowTemplate name (also the Workflow generateName prefix). */
    public Builder detectionTemplateName(String name) {
      settings.detectionTemplateName = Objects.requireNonNull(name);
      return this;
    }

    /** The CWL runner WorkflowTemplate name. */
    public Builder cwlRunnerName(String name) {
      settings.cwlRunnerName = Objects.requireNonNull(name);
      return this;
    }

    /** The default area of interest, {@code minx,miny,maxx,maxy}. */
    public Builder aoi(String aoi) {
      settings.aoi = Objects.requireNonNull(aoi);
      return this;
    }

    /** The CRS of the AOI, e.g. {@code EPSG:4326}. */
    public Builder epsg(String epsg) {
      settings.epsg = Objects.requireNonNull(epsg);
      return this;
    }

    /** Redis streams the exit handler reports success and failure to. */
    public Builder resultStreams(String success, String failure) {
      settings.successStream = Objects.requireNonNull(success);
      settings.failureStream = Objects.requireNonNull(failure);
      return this;
    }

    /**
     * Another CWL application package, by URL, and the workflow id inside it, instead of our own
     * (for example {@link #DEFAULT_CWL_URL}, the Python reference app).
     */
    public Builder cwl(String url, String entryPoint) {
      settings.cwlUrl = Optional.of(url);
      settings.cwlEntryPoint = Objects.requireNonNull(entryPoint);
      return this;
    }

    /** Calrissian resources: {@code --max-ram} and {@code --max-cores}. */
    public Builder calrissianResources(String maxRam, int maxCores) {
      settings.maxRam = Objects.requireNonNull(maxRam);
      settings.maxCores = maxCores;
      return this;
    }

    /** The Calrissian image tag. */
    public Builder calrissianVersion(String tag) {
      settings.calrissianVersion = Objects.requireNonNull(tag);
      return this;
    }

    /** Image of the python prepare and validate steps. */
    public Builder scriptImage(String python) {
      settings.scriptImage = Objects.requireNonNull(python);
      return this;
    }

    /** Builds the pipeline. */
    public ReferencePipeline build() {
      return new ReferencePipeline(settings);
    }
  }
}
