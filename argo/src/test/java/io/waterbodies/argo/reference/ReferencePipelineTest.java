package io.waterbodies.argo.reference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.waterbodies.argo.model.ArgoResource;
import io.waterbodies.argo.model.EventBus;
import io.waterbodies.argo.model.EventSource;
import io.waterbodies.argo.model.RedisStreamSource;
import io.waterbodies.argo.model.SecretKeyRef;
import io.waterbodies.argo.model.Sensor;
import io.waterbodies.argo.model.SensorTrigger;
import io.waterbodies.argo.model.Step;
import io.waterbodies.argo.model.Template;
import io.waterbodies.argo.model.TemplateType;
import io.waterbodies.argo.model.WorkflowTemplate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReferencePipelineTest {
  private final ReferencePipeline pipeline =
      ReferencePipeline.builder().namespace("eoap").redis("redis-service", 6379).build();

  @Test
  void hasTheFiveResourcesOfTheSeedInApplyOrder() {
    List<ArgoResource> all = pipeline.resources();
    assertThat(all)
        .extracting(ArgoResource::kind, r -> r.name().orElse(""))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("EventBus", "default"),
            org.assertj.core.groups.Tuple.tuple("EventSource", "redis-source"),
            org.assertj.core.groups.Tuple.tuple("Sensor", "water-bodies-sensor"),
            org.assertj.core.groups.Tuple.tuple("WorkflowTemplate", "argo-cwl-runner"),
            org.assertj.core.groups.Tuple.tuple("WorkflowTemplate", "water-bodies-detection"));
    assertThat(all).allSatisfy(r -> assertThat(r.namespace()).contains("eoap"));
  }

  @Test
  void eventBusIsJetstreamAndSourceReadsTheStream() {
    EventBus bus = pipeline.eventBus();
    assertThat(bus.isJetstream()).isTrue();
    EventSource source = pipeline.eventSource();
    assertThat(source.eventBusName()).isEqualTo("default");
    var stream = source.redisStream("example").orElseThrow();
    assertThat(stream.hostAddress()).isEqualTo("redis-service:6379");
    assertThat(stream.streams()).containsExactly("STREAM");
    assertThat(stream.consumerGroup()).isEmpty();
  }

  @Test
  void sensorCreatesADetectionWorkflowWithItemsAoiEpsg() {
    Sensor sensor = pipeline.sensor();
    assertThat(sensor.dependencies()).hasSize(1);
    var dep = sensor.dependencies().get(0);
    assertThat(dep.eventSourceName()).isEqualTo("redis-source");
    assertThat(dep.eventName()).isEqualTo("example");
    assertThat(dep.name()).isEqualTo("water-bodies");
    assertThat(dep.transformJq()).contains(".values.href = [ .values.href ]");
    SensorTrigger trigger = sensor.triggers().get(0);
    assertThat(trigger.kind()).isEqualTo("k8s");
    assertThat(trigger.atLeastOnce()).isTrue();
    JsonNode wf = trigger.resource().orElseThrow();
    assertThat(wf.path("kind").asText()).isEqualTo("Workflow");
    assertThat(wf.path("metadata").path("generateName").asText())
        .isEqualTo("water-bodies-detection-");
    assertThat(wf.path("spec").path("workflowTemplateRef").path("name").asText())
        .isEqualTo("water-bodies-detection");
    JsonNode params = wf.path("spec").path("arguments").path("parameters");
    assertThat(params.get(0).path("name").asText()).isEqualTo("items");
    assertThat(params.get(1).path("value").asText()).isEqualTo("-121.399,39.834,-120.74,40.472");
    assertThat(params.get(2).path("value").asText()).isEqualTo("EPSG:4326");
    var p = trigger.parameters().get(0);
    assertThat(p.dependencyName()).isEqualTo("water-bodies");
    assertThat(p.dataKey()).contains("values.href");
    assertThat(p.dest()).isEqualTo("spec.arguments.parameters.0.value");
    assertThat(sensor.toJson().at("/spec/triggers/0/template/k8s/operation").asText())
        .isEqualTo("create");
  }

  @Test
  void detectionTemplateRunsPrepareValidateCwlAndReportsOnExit() {
    WorkflowTemplate t = pipeline.detectionTemplate();
    assertThat(t.entrypoint()).contains("main");
    assertThat(t.onExit()).contains("exit-handler");
    List<List<Step>> groups = t.template("main").orElseThrow().steps();
    assertThat(groups)
        .extracting(g -> g.get(0).name())
        .containsExactly("prepare", "validate-inputs", "run-cwl");
    assertThat(groups.get(2).get(0).templateRef().orElseThrow().name())
        .isEqualTo("argo-cwl-runner");
    Template exit = t.template("exit-handler").orElseThrow();
    assertThat(exit.steps().get(0)).extracting(Step::name).containsExactly("publish");
    Template publish = t.template("publish").orElseThrow();
    JsonNode container = publish.toJson().path("container");
    assertThat(container.path("image").asText()).isEqualTo(ReferencePipeline.DEFAULT_IMAGE);
    assertThat(container.path("command").get(0).asText()).isEqualTo("waterbodies");
    assertThat(pipeline.publishArgs())
        .startsWith("publish")
        .containsSubsequence("--cwl-output", "/calrissian/output.json")
        .containsSubsequence("--items", "{{workflow.parameters.items}}")
        .containsSubsequence("--workflow-status", "{{workflow.status}}")
        .containsSubsequence("--redis", "redis://redis-service:6379")
        .containsSubsequence("--success-stream", "WATERBODIES")
        .containsSubsequence("--failure-stream", "WATERBODIESFAILURE");
    assertThat(container.path("volumeMounts").get(0).path("mountPath").asText())
        .isEqualTo("/calrissian");
    assertThat(t.volumeClaimTemplates()).hasSize(1);
    assertThat(t.volumeClaimTemplates().get(0).at("/spec/accessModes/0").asText())
        .isEqualTo("ReadWriteMany");
  }

  @Test
  void aRedisPasswordIsRenderedAsASecretReferenceAndReadBack() {
    EventSource source =
        EventSource.builder()
            .name("src")
            .redisStream(
                "example",
                RedisStreamSource.of("redis:6379", "STREAM")
                    .withPassword(new SecretKeyRef("redis-auth", "password")))
            .build();
    JsonNode pw = source.toJson().at("/spec/redisStream/example/password");
    assertThat(pw.path("name").asText()).isEqualTo("redis-auth");
    assertThat(pw.path("key").asText()).isEqualTo("password");
    assertThat(source.redisStream("example").orElseThrow().passwordSecret())
        .contains(new SecretKeyRef("redis-auth", "password"));
  }

  @Test
  void publishStepReadsTheStacTokenFromAnOptionalSecretNeverFromTheManifest() {
    JsonNode env =
        pipeline
            .detectionTemplate()
            .template("publish")
            .orElseThrow()
            .toJson()
            .at("/container/env");
    assertThat(env).hasSize(1);
    assertThat(env.get(0).path("name").asText()).isEqualTo("WATERBODIES_STAC_WRITE_TOKEN");
    assertThat(env.get(0).has("value")).isFalse();
    JsonNode ref = env.get(0).at("/valueFrom/secretKeyRef");
    assertThat(ref.path("name").asText()).isEqualTo("waterbodies-stac");
    assertThat(ref.path("key").asText()).isEqualTo("token");
    assertThat(ref.path("optional").asBoolean()).isTrue();

    JsonNode custom =
        ReferencePipeline.builder()
            .stacWriteToken(new SecretKeyRef("results-api", "bearer"))
            .build()
            .detectionTemplate()
            .template("publish")
            .orElseThrow()
            .toJson()
            .at("/container/env/0/valueFrom/secretKeyRef");
    assertThat(custom.path("name").asText()).isEqualTo("results-api");
    assertThat(custom.path("key").asText()).isEqualTo("bearer");
  }

  @Test
  void everyNameIsOverridable() {
    ReferencePipeline p =
        ReferencePipeline.builder().stream("S2")
            .eventBusName("bus")
            .eventSourceName("src")
            .sensorName("sn")
            .detectionTemplateName("detect")
            .cwlRunnerName("runner")
            .consumerGroup("cg")
            .aoi("1,2,3,4")
            .epsg("EPSG:32633")
            .resultStreams("OK", "KO")
            .build();
    assertThat(p.eventSource().redisStream("example").orElseThrow().consumerGroup()).contains("cg");
    assertThat(p.sensor().dependencies().get(0).eventSourceName()).isEqualTo("src");
    JsonNode wf = p.sensor().triggers().get(0).resource().orElseThrow();
    assertThat(wf.at("/metadata/generateName").asText()).isEqualTo("detect-");
    assertThat(wf.at("/spec/arguments/parameters/1/value").asText()).isEqualTo("1,2,3,4");
    assertThat(
            p.detectionTemplate()
                .template("main")
                .orElseThrow()
                .steps()
                .get(2)
                .get(0)
                .templateRef()
                .orElseThrow()
                .name())
        .isEqualTo("runner");
    assertThat(p.publishArgs())
        .containsSubsequence("--success-stream", "OK", "--failure-stream", "KO");
    assertThat(p.resources()).allSatisfy(r -> assertThat(r.namespace()).isEmpty());
  }

  @Test
  void calrissianJobHasTheRequiredFlagsEnvAndVolume() {
    CalrissianStep step =
        CalrissianStep.builder("cwlVersion: v1.2\nclass: Workflow\n")
            .inputs("{\"a\": 1}")
            .maxRam("16G")
            .maxCores(8)
            .version("0.17.2")
            .build();
    assertThat(step.calrissianArgs())
        .containsSubsequence("--max-ram", "16G")
        .containsSubsequence("--max-cores", "8")
        .containsSubsequence("--stdout", "/calrissian/output.json")
        .contains(
            "--stderr", "--usage-report", "--tmp-outdir-prefix", "--outdir", "--tool-logs-basepath")
        .endsWith("/calrissian/workflow.cwl", "/calrissian/inputs.json");
    Template job = step.jobTemplate();
    assertThat(job.type()).isEqualTo(TemplateType.RESOURCE);
    assertThat(job.resourceAction()).contains("create");
    String manifest = job.resourceManifest().orElseThrow();
    assertThat(manifest)
        .contains(
            "kind: Job",
            "CALRISSIAN_POD_NAME",
            "fieldPath: metadata.name",
            "mountPath: /calrissian",
            "ghcr.io/duke-gcb/calrissian/calrissian:0.17.2",
            "sprig.b64enc(inputs.parameters.parameters)");
    Template results = step.resultsTemplate();
    assertThat(results.outputParameters())
        .extracting(p -> p.valueFromPath().orElse(""))
        .containsExactly(
            "/calrissian/output.json", "/calrissian/stderr.log", "/calrissian/usage-report.json");
    assertThat(step.runnerTemplate().inputParameters())
        .extracting(p -> p.name())
        .containsExactly("parameters", "cwl");
    assertThat(step.runnerTemplate().inputParameters().get(1).defaultValue())
        .contains("cwlVersion: v1.2\nclass: Workflow\n");
  }

  @Test
  void eventNameJqAndGenerateNameAreOverridable() {
    ReferencePipeline defaults = ReferencePipeline.builder().build();
    JsonNode dep = defaults.sensor().toJson().at("/spec/dependencies/0");
    assertThat(dep.path("eventName").asText()).isEqualTo("example");
    assertThat(dep.at("/transform/jq").asText()).isEqualTo(ReferencePipeline.DEFAULT_JQ);

    ReferencePipeline p =
        ReferencePipeline.builder().stream("ITEMS")
            .eventName("new-item")
            .jq("")
            .generateName("lakes-")
            .build();
    JsonNode sensor = p.sensor().toJson();
    assertThat(sensor.at("/spec/dependencies/0/eventName").asText()).isEqualTo("new-item");
    assertThat(sensor.at("/spec/dependencies/0/transform").isMissingNode()).isTrue();
    assertThat(
            sensor
                .at("/spec/triggers/0/template/k8s/source/resource/metadata/generateName")
                .asText())
        .isEqualTo("lakes-");
    JsonNode source = p.eventSource().toJson();
    assertThat(source.at("/spec/redisStream/new-item/streams/0").asText()).isEqualTo("ITEMS");
  }

  @Test
  void changingABuilderAfterBuildLeavesWhatItBuiltAsItWas() {
    ReferencePipeline.Builder b = ReferencePipeline.builder();
    ReferencePipeline p = b.build();
    String before = p.sensor().toJson().toString();
    b.sensorName("other-sensor").stream("OTHER");
    assertThat(p.sensor().toJson().toString()).isEqualTo(before).doesNotContain("other-sensor");
    CalrissianStep.Builder cb = CalrissianStep.builder("cwlVersion: v1.2\nclass: Workflow\n");
    CalrissianStep step = cb.build();
    List<String> args = step.calrissianArgs();
    cb.maxRam("1G").maxCores(1);
    assertThat(step.calrissianArgs()).isEqualTo(args).doesNotContain("1G");
  }
}
