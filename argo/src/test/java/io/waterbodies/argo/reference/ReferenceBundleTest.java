package io.waterbodies.argo.reference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.waterbodies.argo.manifest.ArgoManifests;
import io.waterbodies.argo.model.ArgoResource;
import io.waterbodies.argo.model.WorkflowTemplate;
import io.waterbodies.argo.validation.ArgoSchemas;
import io.waterbodies.argo.validation.ArgoValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ReferencePipeline#bundle()}: what a cluster needs, in apply order, valid. */
class ReferenceBundleTest {
  static final Path SHARED = Path.of(System.getProperty("waterbodies.shared", "../../shared"));

  private final ReferencePipeline pipeline =
      ReferencePipeline.builder().namespace("eoap").image("registry.local/waterbodies:1").build();

  @Test
  void documentsComeInApplyOrderWithTheReferenceNames() {
    assertThat(pipeline.bundle().documents())
        .extracting(d -> d.kind() + "/" + d.name())
        .containsExactly(
            "ServiceAccount/water-bodies-sensor",
            "ServiceAccount/water-bodies-workflow",
            "Role/water-bodies-sensor",
            "Role/water-bodies-workflow",
            "RoleBinding/water-bodies-sensor",
            "RoleBinding/water-bodies-workflow",
            "EventBus/default",
            "WorkflowTemplate/argo-cwl-runner",
            "WorkflowTemplate/water-bodies-detection",
            "EventSource/redis-source",
            "Sensor/water-bodies-sensor",
            "Deployment/water-bodies-watcher");
    assertThat(pipeline.bundle().documents())
        .allSatisfy(d -> assertThat(d.json().at("/metadata/namespace").asText()).isEqualTo("eoap"));
    assertThat(pipeline.bundle().prerequisites())
        .anySatisfy(p -> assertThat(p).contains("Argo Workflows"))
        .anySatisfy(p -> assertThat(p).contains("Argo Events"))
        .anySatisfy(p -> assertThat(p).contains("Redis"))
        .anySatisfy(p -> assertThat(p).contains("ReadWriteMany"))
        .anySatisfy(p -> assertThat(p).contains("registry.local/waterbodies:1"));
  }

  @Test
  void everyArgoDocumentPassesTheValidatorAndTheSchemas() {
    ArgoValidator validator =
        ArgoValidator.create(ArgoSchemas.load(SHARED.resolve("schemas").resolve("argo")));
    List<ArgoResource> argo = new ArrayList<>();
    for (BundleDocument d : pipeline.bundle().documents()) {
      if (d.isArgo()) {
        argo.addAll(ArgoManifests.read(d.toYaml(), d.fileName()));
      }
    }
    assertThat(argo).hasSize(5);
    assertThat(validator.validate(argo)).isEmpty();
  }

  @Test
  void rbacLetsTheSensorCreateWorkflowsAndTheWorkflowRunCalrissian() {
    JsonNode sensorRole = doc("Role", "water-bodies-sensor");
    assertThat(rule(sensorRole, "workflows").path("verbs").toString()).contains("\"create\"");
    JsonNode wfRole = doc("Role", "water-bodies-workflow");
    assertThat(rule(wfRole, "workflowtaskresults").path("verbs").toString())
        .contains("\"create\"", "\"patch\"");
    assertThat(rule(wfRole, "jobs").path("verbs").toString()).contains("\"create\"", "\"get\"");
    assertThat(rule(wfRole, "pods").path("verbs").toString()).contains("\"create\"", "\"delete\"");
    assertThat(rule(wfRole, "pods/log").path("verbs").toString()).contains("\"get\"");
    assertThat(rule(wfRole, "persistentvolumeclaims").isMissingNode()).isFalse();
    JsonNode binding = doc("RoleBinding", "water-bodies-workflow");
    assertThat(binding.at("/roleRef/name").asText()).isEqualTo("water-bodies-workflow");
    assertThat(binding.at("/subjects/0/name").asText()).isEqualTo("water-bodies-workflow");
    assertThat(binding.at("/subjects/0/namespace").asText()).isEqualTo("eoap");
    // The accounts bound are the ones the resources run as.
    assertThat(pipeline.sensor().toJson().at("/spec/template/serviceAccountName").asText())
        .isEqualTo("water-bodies-sensor");
    assertThat(pipeline.detectionTemplate().toJson().at("/spec/serviceAccountName").asText())
        .isEqualTo("water-bodies-workflow");
    assertThat(pipeline.calrissian().jobManifest())
        .contains("serviceAccountName: water-bodies-workflow");
  }

  @Test
  void theWatcherRunsOurImageAndWritesTheStream() {
    JsonNode d = doc("Deployment", "water-bodies-watcher");
    JsonNode c = d.at("/spec/template/spec/containers/0");
    assertThat(c.path("image").asText()).isEqualTo("registry.local/waterbodies:1");
    assertThat(c.path("command").get(0).asText()).isEqualTo("waterbodies");
    assertThat(pipeline.watcherArgs())
        .startsWith("events", "watch")
        .containsSubsequence("--stac", ReferencePipeline.DEFAULT_STAC_SOURCE)
        .containsSubsequence("--bbox", ReferenceNames.AOI)
        .containsSubsequence("--redis", "redis://redis-service:6379")
        .containsSubsequence("--stream", "STREAM");
    assertThat(d.at("/spec/template/spec/securityContext/runAsNonRoot").asBoolean()).isTrue();
  }

  @Test
  void theRunnerEmbedsOurCwlAndKeepsNoArtifacts() {
    WorkflowTemplate runner = pipeline.cwlRunnerTemplate();
    String cwl = pipeline.bundle().cwl().orElseThrow();
    assertThat(cwl)
        .contains(
            "cwlVersion: v1.2", "id: water-bodies", "dockerPull: registry.local/waterbodies:1");
    assertThat(runner.toJson().toString()).contains("workflow.cwl#water-bodies");
    assertThat(
            runner.template("calrissian-runner").orElseThrow().inputParameters().stream()
                .filter(p -> p.name().equals(CalrissianStep.CWL_PARAMETER))
                .findFirst()
                .orElseThrow()
                .defaultValue())
        .contains(cwl);
    // No artifact needs a repository unless one is asked for.
    assertThat(ArgoManifests.toYaml(runner)).doesNotContain("artifacts");
    assertThat(
            CalrissianStep.builder(cwl)
                .outputArtifacts(true)
                .build()
                .resultsTemplate()
                .toJson()
                .has("outputs"))
        .isTrue();
    assertThat(
            CalrissianStep.builder(cwl)
                .outputArtifacts(true)
                .build()
                .resultsTemplate()
                .toJson()
                .at("/outputs/artifacts")
                .size())
        .isEqualTo(3);
    // The Python reference app stays one option away.
    ReferencePipeline python =
        ReferencePipeline.builder().cwl(ReferencePipeline.DEFAULT_CWL_URL, "water-bodies").build();
    assertThat(python.bundle().cwl()).isEmpty();
    assertThat(python.calrissian().calrissianArgs())
        .contains(ReferencePipeline.DEFAULT_CWL_URL + "#water-bodies");
  }

  @Test
  void writeWritesEveryDocumentAndTheCwlFile(@TempDir Path dir) throws Exception {
    List<Path> files = pipeline.bundle().write(dir);
    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .startsWith("serviceaccount-water-bodies-sensor.yaml")
        .endsWith("deployment-water-bodies-watcher.yaml")
        .contains("sensor-water-bodies-sensor.yaml", "eventbus-default.yaml");
    assertThat(Files.readString(dir.resolve(ReferenceNames.CWL_FILE)))
        .isEqualTo(pipeline.cwl().toYaml());
    assertThat(Files.readString(dir.resolve("role-water-bodies-workflow.yaml")))
        .contains("kind: Role", "workflowtaskresults");
  }

  private JsonNode doc(String kind, String name) {
    return pipeline.bundle().documents().stream()
        .filter(d -> d.kind().equals(kind) && d.name().equals(name))
        .findFirst()
        .orElseThrow()
        .json();
  }

  private static JsonNode rule(JsonNode role, String resource) {
    for (JsonNode r : role.path("rules")) {
      for (JsonNode res : r.path("resources")) {
        if (res.asText().equals(resource)) {
          return r;
        }
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }
}
