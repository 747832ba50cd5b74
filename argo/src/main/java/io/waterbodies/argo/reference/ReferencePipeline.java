package io.waterbodies.argo.reference;

import io.waterbodies.argo.model.ArgoResource;
import io.waterbodies.argo.model.EventBus;
import io.waterbodies.argo.model.EventSource;
import io.waterbodies.argo.model.Parameter;
import io.waterbodies.argo.model.RedisStreamSource;
import io.waterbodies.argo.model.Sensor;
import io.waterbodies.argo.model.SensorDependency;
import io.waterbodies.argo.model.SensorTrigger;
import io.waterbodies.argo.model.Step;
import io.waterbodies.argo.model.Template;
import io.waterbodies.argo.model.TriggerParameter;
import io.waterbodies.argo.model.Workflow;
import io.waterbodies.argo.model.WorkflowTemplate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The five resources of the reference event-driven deployment: EventBus {@code jetstream};
 * EventSource {@code redis} reading the Redis stream {@code STREAM}; a Sensor that creates a {@code
 * water-bodies-detection-*} Workflow per event with parameters {@code items}, {@code aoi}, {@code
 * epsg}; WorkflowTemplate {@code water-bodies-detection} (prepare, validate inputs, run CWL, report
 * to Redis on exit); WorkflowTemplate {@code argo-cwl-runner} (the Calrissian step). Every name and
 * parameter can be changed.
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
  /** The CWL application package the reference deployment runs. */
  public static final String DEFAULT_CWL_URL =
      "https://github.com/eoap/mastering-app-package/releases/download/1.0.0/"
          + "app-water-bodies-cloud-native.1.0.0.cwl";

  private final Builder b;
  private final CalrissianStep calrissian;

  private ReferencePipeline(Builder b) {
    this.b = b;
    this.calrissian =
        CalrissianStep.builderForUrl(b.cwlUrl)
            .entryPoint(b.cwlEntryPoint)
            .maxRam(b.maxRam)
            .maxCores(b.maxCores)
            .version(b.calrissianVersion)
            .serviceAccount(b.serviceAccount)
            .build();
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
        .serviceAccountName(b.serviceAccount)
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
            .serviceAccountName(b.serviceAccount)
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
            .serviceAccountName(b.serviceAccount)
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
            .stepGroup(
                Step.builder("notify-success")
                    .template("notify")
                    .argument("stream", b.successStream)
                    .argument("stac-catalog", "{{workflow.outputs.parameters.calrissian-output}}")
                    .when("{{workflow.status}} == Succeeded")
                    .build(),
                Step.builder("notify-failure")
                    .template("notify")
                    .argument("stream", b.failureStream)
                    .argument("stac-catalog", "")
                    .when("{{workflow.status}} != Succeeded")
                    .build())
            .build());
    t.template(
        Template.builder("notify")
            .input(Parameter.named("stream"))
            .input(Parameter.named("stac-catalog"))
            .script(b.redisImage, List.of("sh"), NOTIFY)
            .env("REDIS_HOST", b.redisHost)
            .env("REDIS_PORT", Integer.toString(b.redisPort))
            .env("STREAM", "{{inputs.parameters.stream}}")
            .env("HREF", "{{workflow.parameters.items}}")
            .env("WORKFLOW_ID", "{{workflow.uid}}")
            .env("WORKFLOW_NAME", "{{workflow.name}}")
            .env("WORKFLOW_STATUS", "{{workflow.status}}")
            .env("STAC_CATALOG", "{{inputs.parameters.stac-catalog}}")
            .build());
    return t.build();
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

  private static final String NOTIFY =
      """
      redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" XADD "$STREAM" '*' \\
        subject "$HREF" workflow_id "$WORKFLOW_ID" workflow_name "$WORKFLOW_NAME" \\
        workflow_status "$WORKFLOW_STATUS" href "$HREF" stac_catalog "$STAC_CATALOG"
      """;

  /** The reference deployment's jq transform of the event data. */
  public static final String DEFAULT_JQ = ".values.href = [ .values.href ]";

  /** Builds a {@link ReferencePipeline}; the defaults are the reference deployment's. */
  public static final class Builder {
    private Optional<String> namespace = Optional.empty();
    private String redisHost = "redis-service";
    private int redisPort = 6379;
    private String stream = "STREAM";
    private Optional<String> eventName = Optional.empty();
    private String jq = DEFAULT_JQ;
    private Optional<String> generateName = Optional.empty();
    private Optional<String> consumerGroup = Optional.empty();
    private String eventBusName = "jetstream";
    private String eventSourceName = "redis";
    private String sensorName = "water-bodies-detection-sensor";
    private String dependencyName = "redis-event";
    private String triggerName = "water-bodies-detection-trigger";
    private String serviceAccount = "argo";
    private String detectionTemplateName = "water-bodies-detection";
    private String cwlRunnerName = "argo-cwl-runner";
    private String aoi = "-121.399,39.834,-120.74,40.472";
    private String epsg = "EPSG:4326";
    private String successStream = "WATERBODIES";
    private String failureStream = "WATERBODIESFAILURE";
    private String cwlUrl = DEFAULT_CWL_URL;
    private String cwlEntryPoint = "water-bodies";
    private String maxRam = "8G";
    private int maxCores = 4;
    private String calrissianVersion = "0.18.1";
    private String scriptImage = "docker.io/library/python:3.12-alpine";
    private String redisImage = "docker.io/library/redis:7-alpine";

    Builder() {}

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

    /** The Redis stream the EventSource reads (also the event name). */
    public Builder stream(String stream) {
      this.stream = Objects.requireNonNull(stream, "stream");
      return this;
    }

    /** The event name of the stream in the EventSource and the Sensor (default: the stream). */
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
      return eventName.orElse(stream);
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

    /** Service account of the sensor and the workflows. */
    public Builder serviceAccount(String name) {
      this.serviceAccount = Objects.requireNonNull(name);
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

    /** The CWL application package URL and the workflow id inside it. */
    public Builder cwl(String url, String entryPoint) {
      this.cwlUrl = Objects.requireNonNull(url);
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

    /** Images of the python steps and of the redis-cli exit handler. */
    public Builder images(String python, String redisCli) {
      this.scriptImage = Objects.requireNonNull(python);
      this.redisImage = Objects.requireNonNull(redisCli);
      return this;
    }

    /** Builds the pipeline. */
    public ReferencePipeline build() {
      return new ReferencePipeline(this);
    }
  }
}
