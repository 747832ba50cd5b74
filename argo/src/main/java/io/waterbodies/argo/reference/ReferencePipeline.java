package io.waterbodies.argo.reference;

import io.waterbodies.argo.model.ArgoResource;
import io.waterbodies.argo.model.EventBus;
import io.waterbodies.argo.model.EventSource;
import io.waterbodies.argo.model.Parameter;
import io.waterbodies.argo.model.RedisStreamSource;
import io.waterbodies.argo.model.SecretKeyRef;
import io.waterbodies.argo.model.Sensor;
import io.waterbodies.argo.model.SensorDependency;
import io.waterbodies.argo.model.SensorTrigger;
import io.waterbodies.argo.model.Step;
import io.waterbodies.argo.model.Template;
import io.waterbodies.argo.model.TriggerParameter;
import io.waterbodies.argo.model.Workflow;
import io.waterbodies.argo.model.WorkflowTemplate;
import java.util.ArrayList;
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

  private final Builder b;
  private final CalrissianStep calrissian;

  private ReferencePipeline(Builder b) {
    // A copy: changing the builder later must not change this built object.
    this.b = b.copy();
    this.calrissian =
        (b.cwlUrl.isPresent()
                ? CalrissianStep.builderForUrl(b.cwlUrl.get())
                : CalrissianStep.builder(cwl().toYaml()))
            .entryPoint(b.cwlEntryPoint)
            .maxRam(b.maxRam)
            .maxCores(b.maxCores)
            .version(b.calrissianVersion)
            .serviceAccount(b.workflowAccount)
            .build();
  }

  /** Our CWL application package, as the runner template embeds it (unless a URL was given). */
  public WaterBodiesCwl cwl() {
    return WaterBodiesCwl.builder().image(b.image).build();
  }

  /**
   * Everything to apply, in apply order: service accounts, Roles and RoleBindings of the sensor and
   * the workflows, the EventBus, the two WorkflowTemplates, the EventSource, the Sensor and the
   * STAC watcher Deployment; plus the CWL document (embedded in the runner template) and the
   * prerequisites of the cluster.
   */
  public Bundle bundle() {
    List<BundleDocument> docs = new ArrayList<>();
    String ns = b.namespace.orElse("");
    docs.add(BundleDocument.of(KubernetesObjects.serviceAccount(b.sensorAccount, ns)));
    docs.add(BundleDocument.of(KubernetesObjects.serviceAccount(b.workflowAccount, ns)));
    docs.add(BundleDocument.of(KubernetesObjects.sensorRole(b.sensorAccount, ns)));
    docs.add(BundleDocument.of(KubernetesObjects.workflowRole(b.workflowAccount, ns)));
    docs.add(BundleDocument.of(KubernetesObjects.roleBinding(b.sensorAccount, ns)));
    docs.add(BundleDocument.of(KubernetesObjects.roleBinding(b.workflowAccount, ns)));
    docs.add(BundleDocument.of(eventBus()));
    docs.add(BundleDocument.of(cwlRunnerTemplate()));
    docs.add(BundleDocument.of(detectionTemplate()));
    docs.add(BundleDocument.of(eventSource()));
    docs.add(BundleDocument.of(sensor()));
    docs.add(
        BundleDocument.of(KubernetesObjects.deployment(b.watcherName, ns, b.image, watcherArgs())));
    return new Bundle(
        docs,
        b.cwlUrl.isEmpty() ? Optional.of(cwl().toYaml()) : Optional.empty(),
        List.of(
            "Argo Workflows controller (v3.5 or later) in the cluster",
            "Argo Events controller (v1.9) in the cluster",
            "Redis reachable from the cluster at " + b.redisHost + ":" + b.redisPort,
            "a StorageClass that provides ReadWriteMany volumes (the Calrissian working volume)",
            "the image "
                + b.image
                + " (docker build -f examples/Dockerfile), pullable by the"
                + " cluster",
            "a STAC API with the transactions extension at " + b.resultsApi));
  }

  /** The STAC watcher's command line ({@code waterbodies events watch ...}). */
  public List<String> watcherArgs() {
    List<String> args = new ArrayList<>();
    args.add("events");
    args.add("watch");
    args.add("--stac");
    args.add(b.stacSource);
    if (!b.watchCollections.isEmpty()) {
      args.add("--collections");
      args.add(String.join(",", b.watchCollections));
    }
    if (b.epsg.equals(ReferenceNames.EPSG)) {
      // The watcher's bbox is WGS84; an AOI in another CRS is applied by the detection only.
      args.add("--bbox");
      args.add(b.aoi);
    }
    args.add("--redis");
    args.add(redisUri());
    args.add("--stream");
    args.add(b.stream);
    return List.copyOf(args);
  }

  private String redisUri() {
    return "redis://" + b.redisHost + ":" + b.redisPort;
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
    return ns(EventBus.builder().name(b.eventBusName)).jetstream("latest", 3).build();
  }

  /** The EventSource reading the Redis stream. */
  public EventSource eventSource() {
    RedisStreamSource src = RedisStreamSource.of(b.redisHost + ":" + b.redisPort, b.stream);
    if (b.consumerGroup.isPresent()) {
      src = src.withConsumerGroup(b.consumerGroup.get());
    }
    return ns(EventSource.builder().name(b.eventSourceName))
        .eventBusName(b.eventBusName)
        .redisStream(b.eventName(), src)
        .build();
  }

  /** The Sensor that creates a detection Workflow per event. */
  public Sensor sensor() {
    Workflow.Builder wf =
        Workflow.builder()
            .generateName(b.generateName.orElse(b.detectionTemplateName + "-"))
            .workflowTemplateRef(b.detectionTemplateName)
            .argument("items", "")
            .argument("aoi", b.aoi)
            .argument("epsg", b.epsg);
    b.namespace.ifPresent(wf::namespace);
    SensorDependency.Builder dep =
        SensorDependency.builder(b.dependencyName, b.eventSourceName, b.eventName());
    if (!b.jq.isBlank()) {
      dep.transformJq(b.jq);
    }
    return ns(Sensor.builder().name(b.sensorName))
        .eventBusName(b.eventBusName)
        .serviceAccountName(b.sensorAccount)
        .dependency(dep.build())
        .trigger(
            SensorTrigger.k8s(b.triggerName, "create", wf.build())
                .parameter(
                    TriggerParameter.fromData(
                        b.dependencyName, "values.href", "spec.arguments.parameters.0.value"))
                .retryStrategy(3, "10s", 2)
                .atLeastOnce(true)
                .build())
        .build();
  }

  /** The WorkflowTemplate holding the Calrissian templates. */
  public WorkflowTemplate cwlRunnerTemplate() {
    WorkflowTemplate.Builder t =
        ns(WorkflowTemplate.builder().name(b.cwlRunnerName))
            .entrypoint(calrissian.runnerTemplateName())
            .serviceAccountName(b.workflowAccount)
            .argument(Parameter.builder(CalrissianStep.INPUTS_PARAMETER).value("{}").build());
    calrissian.templates().forEach(t::template);
    calrissian.addVolumeTo(t);
    return t.build();
  }

  /** The WorkflowTemplate run per event: prepare, validate inputs, run CWL, report on exit. */
  public WorkflowTemplate detectionTemplate() {
    WorkflowTemplate.Builder t =
        ns(WorkflowTemplate.builder().name(b.detectionTemplateName))
            .entrypoint("main")
            .onExit("exit-handler")
            .serviceAccountName(b.workflowAccount)
            .podGc("OnPodSuccess")
            .argument(Parameter.named("items"))
            .argument("aoi", b.aoi)
            .argument("epsg", b.epsg);
    calrissian.addVolumeTo(t);
    t.template(
        Template.builder("main")
            .stepGroup(
                Step.builder("prepare")
                    .template("prepare")
                    .argument("items", "{{workflow.parameters.items}}")
                    .argument("aoi", "{{workflow.parameters.aoi}}")
                    .argument("epsg", "{{workflow.parameters.epsg}}")
                    .build())
            .stepGroup(
                Step.builder("validate-inputs")
                    .template("validate-inputs")
                    .argument("inputs", "{{steps.prepare.outputs.parameters.inputs}}")
                    .build())
            .stepGroup(
                Step.builder("run-cwl")
                    .templateRef(b.cwlRunnerName, calrissian.runnerTemplateName())
                    .argument(
                        CalrissianStep.INPUTS_PARAMETER,
                        "{{steps.prepare.outputs.parameters.inputs}}")
                    .build())
            .output(
                Parameter.builder("calrissian-output")
                    .valueFromParameter("{{steps.run-cwl.outputs.parameters.results}}")
                    .globalName("calrissian-output")
                    .build())
            .build());
    t.template(
        Template.builder("prepare")
            .input(Parameter.named("items"))
            .input(Parameter.named("aoi"))
            .input(Parameter.named("epsg"))
            .script(b.scriptImage, List.of("python"), PREPARE)
            .env("ITEMS", "{{inputs.parameters.items}}")
            .env("AOI", "{{inputs.parameters.aoi}}")
            .env("EPSG", "{{inputs.parameters.epsg}}")
            .output(Parameter.builder("inputs").valueFromPath("/tmp/inputs.json").build())
            .build());
    t.template(
        Template.builder("validate-inputs")
            .input(Parameter.named("inputs"))
            .script(b.scriptImage, List.of("python"), VALIDATE)
            .env("INPUTS", "{{inputs.parameters.inputs}}")
            .build());
    t.template(
        Template.builder("exit-handler")
            .stepGroup(Step.builder("publish").template("publish").build())
            .build());
    t.template(
        Template.builder("publish")
            .container(b.image, List.of("waterbodies"), publishArgs())
            .envFromSecret(STAC_WRITE_TOKEN_ENV, b.stacWriteToken, true)
            .volumeMount(calrissian.volumeClaimName(), CalrissianStep.MOUNT)
            .build());
    return t.build();
  }

  /**
   * The exit step's command line: {@code waterbodies publish}, which POSTs the result Items of a
   * workflow that succeeded to the STAC API and XADDs the completion event (success or failure).
   */
  public List<String> publishArgs() {
    return List.of(
        "publish",
        "--cwl-output",
        CalrissianStep.MOUNT + "/output.json",
        "--items",
        "{{workflow.parameters.items}}",
        "--workflow-status",
        "{{workflow.status}}",
        "--workflow-id",
        "{{workflow.uid}}",
        "--workflow-name",
        "{{workflow.name}}",
        "--stac-api",
        b.resultsApi,
        "--collection",
        b.resultCollection,
        "--redis",
        redisUri(),
        "--success-stream",
        b.successStream,
        "--failure-stream",
        b.failureStream);
  }

  private <B extends ArgoResource.Builder<B, ?>> B ns(B builder) {
    b.namespace.ifPresent(builder::namespace);
    return builder;
  }

  private static final String PREPARE =
      """
      import json, os
      items = json.loads(os.environ["ITEMS"])
      if isinstance(items, str):
          items = [items]
      inputs = {"stac_items": items, "aoi": os.environ["AOI"], "epsg": os.environ["EPSG"]}
      with open("/tmp/inputs.json", "w") as f:
          json.dump(inputs, f)
      """;

  private static final String VALIDATE =
      """
      import json, os, sys
      inputs = json.loads(os.environ["INPUTS"])
      items = inputs.get("stac_items") or []
      if not items or not all(isinstance(i, str) and i.startswith("http") for i in items):
          sys.exit("stac_items must be a non-empty list of http(s) URLs: %r" % (items,))
      bbox = [float(v) for v in inputs["aoi"].split(",")]
      if len(bbox) != 4 or bbox[0] >= bbox[2] or bbox[1] >= bbox[3]:
          sys.exit("aoi must be minx,miny,maxx,maxy: %r" % (inputs["aoi"],))
      if not inputs["epsg"].startswith("EPSG:"):
          sys.exit("epsg must look like EPSG:<code>: %r" % (inputs["epsg"],))
      """;

  /** The reference deployment's jq transform of the event data. */
  public static final String DEFAULT_JQ = ReferenceNames.JQ;

  /** Builds a {@link ReferencePipeline}; the defaults are the reference deployment's. */
  public static final class Builder implements Cloneable {
    private Optional<String> namespace = Optional.empty();
    private String redisHost = ReferenceNames.REDIS_HOST;
    private int redisPort = ReferenceNames.REDIS_PORT;
    private String stream = ReferenceNames.STREAM;
    private Optional<String> eventName = Optional.of(ReferenceNames.EVENT);
    private String jq = DEFAULT_JQ;
    private Optional<String> generateName = Optional.empty();
    private Optional<String> consumerGroup = Optional.empty();
    private String eventBusName = ReferenceNames.EVENT_BUS;
    private String eventSourceName = ReferenceNames.EVENT_SOURCE;
    private String sensorName = ReferenceNames.SENSOR;
    private String dependencyName = ReferenceNames.DEPENDENCY;
    private String triggerName = ReferenceNames.TRIGGER;
    private String sensorAccount = ReferenceNames.SENSOR_ACCOUNT;
    private String workflowAccount = ReferenceNames.WORKFLOW_ACCOUNT;
    private String watcherName = ReferenceNames.WATCHER;
    private String detectionTemplateName = ReferenceNames.DETECTION_TEMPLATE;
    private String cwlRunnerName = ReferenceNames.CWL_RUNNER;
    private String aoi = ReferenceNames.AOI;
    private String epsg = ReferenceNames.EPSG;
    private String successStream = ReferenceNames.SUCCESS_STREAM;
    private String failureStream = ReferenceNames.FAILURE_STREAM;
    private Optional<String> cwlUrl = Optional.empty();
    private String cwlEntryPoint = ReferenceNames.CWL_WORKFLOW;
    private String image = DEFAULT_IMAGE;
    private String stacSource = DEFAULT_STAC_SOURCE;
    private List<String> watchCollections = List.of(DEFAULT_WATCH_COLLECTION);
    private String resultsApi = DEFAULT_RESULTS_API;
    private String resultCollection = ReferenceNames.RESULT_COLLECTION;
    private SecretKeyRef stacWriteToken = DEFAULT_STAC_WRITE_TOKEN;
    private String maxRam = "8G";
    private int maxCores = 4;
    private String calrissianVersion = "0.18.1";
    private String scriptImage = "docker.io/library/python:3.12-alpine";

    Builder() {}

    /** A field-by-field copy (every field holds an immutable value). */
    private Builder copy() {
      try {
        return (Builder) super.clone();
      } catch (CloneNotSupportedException e) {
        throw new AssertionError(e);
      }
    }

    /** Namespace of every resource (none: the current namespace when applied). */
    public Builder namespace(String namespace) {
      this.namespace = Optional.of(Objects.requireNonNull(namespace, "namespace"));
      return this;
    }

    /** Redis host and port, as seen from the cluster. */
    public Builder redis(String host, int port) {
      if (port <= 0 || port > 65535) {
        throw new IllegalArgumentException("redis port out of range: " + port);
      }
      this.redisHost = Objects.requireNonNull(host, "host");
      this.redisPort = port;
      return this;
    }

    /** The Redis stream the watcher writes and the EventSource reads. */
    public Builder stream(String stream) {
      this.stream = Objects.requireNonNull(stream, "stream");
      return this;
    }

    /** The event name of the stream in the EventSource and the Sensor (default {@code example}). */
    public Builder eventName(String name) {
      this.eventName = Optional.of(Objects.requireNonNull(name, "name"));
      return this;
    }

    /** The Sensor dependency's jq transform (default {@value #DEFAULT_JQ}; blank: none). */
    public Builder jq(String program) {
      this.jq = Objects.requireNonNull(program, "program");
      return this;
    }

    /** The created Workflows' name prefix (default: the detection template name and '-'). */
    public Builder generateName(String prefix) {
      this.generateName = Optional.of(Objects.requireNonNull(prefix, "prefix"));
      return this;
    }

    private String eventName() {
      return eventName.orElse(ReferenceNames.EVENT);
    }

    /** The consumer group (Argo's default {@code argo-events-cg} when not set). */
    public Builder consumerGroup(String group) {
      this.consumerGroup = Optional.of(group);
      return this;
    }

    /** The EventBus name. */
    public Builder eventBusName(String name) {
      this.eventBusName = Objects.requireNonNull(name);
      return this;
    }

    /** The EventSource name. */
    public Builder eventSourceName(String name) {
      this.eventSourceName = Objects.requireNonNull(name);
      return this;
    }

    /** The Sensor name. */
    public Builder sensorName(String name) {
      this.sensorName = Objects.requireNonNull(name);
      return this;
    }

    /** The Sensor's dependency name. */
    public Builder dependencyName(String name) {
      this.dependencyName = Objects.requireNonNull(name);
      return this;
    }

    /** The Sensor's trigger name. */
    public Builder triggerName(String name) {
      this.triggerName = Objects.requireNonNull(name);
      return this;
    }

    /** One service account for the sensor and the workflows (and their one Role). */
    public Builder serviceAccount(String name) {
      this.sensorAccount = Objects.requireNonNull(name);
      this.workflowAccount = name;
      return this;
    }

    /** Service accounts (with a Role and RoleBinding each) of the sensor and the workflows. */
    public Builder serviceAccounts(String sensor, String workflow) {
      this.sensorAccount = Objects.requireNonNull(sensor, "sensor");
      this.workflowAccount = Objects.requireNonNull(workflow, "workflow");
      return this;
    }

    /** The image holding the {@code waterbodies} command (CWL tool, publish step, watcher). */
    public Builder image(String image) {
      this.image = Objects.requireNonNull(image, "image");
      return this;
    }

    /** The STAC API and collections the watcher Deployment searches. */
    public Builder watch(String stacApiUrl, List<String> collections) {
      this.stacSource = Objects.requireNonNull(stacApiUrl, "stacApiUrl");
      this.watchCollections = List.copyOf(collections);
      return this;
    }

    /** The watcher Deployment's name. */
    public Builder watcherName(String name) {
      this.watcherName = Objects.requireNonNull(name, "name");
      return this;
    }

    /** The STAC API (transactions extension) and collection receiving the result Items. */
    public Builder results(String stacApiUrl, String collection) {
      this.resultsApi = Objects.requireNonNull(stacApiUrl, "stacApiUrl");
      this.resultCollection = Objects.requireNonNull(collection, "collection");
      return this;
    }

    /**
     * The Kubernetes Secret key holding the bearer token for the results API's transactions
     * (default {@link ReferencePipeline#DEFAULT_STAC_WRITE_TOKEN}). The publish step reads it as
     * {@code WATERBODIES_STAC_WRITE_TOKEN}; the Secret is optional, so an API without
     * authentication needs none.
     */
    public Builder stacWriteToken(SecretKeyRef secret) {
      this.stacWriteToken = Objects.requireNonNull(secret, "secret");
      return this;
    }

    /** The detection WorkflowTemplate name (also the Workflow generateName prefix). */
    public Builder detectionTemplateName(String name) {
      this.detectionTemplateName = Objects.requireNonNull(name);
      return this;
    }

    /** The CWL runner WorkflowTemplate name. */
    public Builder cwlRunnerName(String name) {
      this.cwlRunnerName = Objects.requireNonNull(name);
      return this;
    }

    /** The default area of interest, {@code minx,miny,maxx,maxy}. */
    public Builder aoi(String aoi) {
      this.aoi = Objects.requireNonNull(aoi);
      return this;
    }

    /** The CRS of the AOI, e.g. {@code EPSG:4326}. */
    public Builder epsg(String epsg) {
      this.epsg = Objects.requireNonNull(epsg);
      return this;
    }

    /** Redis streams the exit handler reports success and failure to. */
    public Builder resultStreams(String success, String failure) {
      this.successStream = Objects.requireNonNull(success);
      this.failureStream = Objects.requireNonNull(failure);
      return this;
    }

    /**
     * Another CWL application package, by URL, and the workflow id inside it, instead of our own
     * (for example {@link #DEFAULT_CWL_URL}, the Python reference app).
     */
    public Builder cwl(String url, String entryPoint) {
      this.cwlUrl = Optional.of(url);
      this.cwlEntryPoint = Objects.requireNonNull(entryPoint);
      return this;
    }

    /** Calrissian resources: {@code --max-ram} and {@code --max-cores}. */
    public Builder calrissianResources(String maxRam, int maxCores) {
      this.maxRam = Objects.requireNonNull(maxRam);
      this.maxCores = maxCores;
      return this;
    }

    /** The Calrissian image tag. */
    public Builder calrissianVersion(String tag) {
      this.calrissianVersion = Objects.requireNonNull(tag);
      return this;
    }

    /** Image of the python prepare and validate steps. */
    public Builder scriptImage(String python) {
      this.scriptImage = Objects.requireNonNull(python);
      return this;
    }

    /** Builds the pipeline. */
    public ReferencePipeline build() {
      return new ReferencePipeline(this);
    }
  }
}
