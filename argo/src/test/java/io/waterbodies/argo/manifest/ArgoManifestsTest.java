package io.waterbodies.argo.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.waterbodies.argo.ManifestException;
import io.waterbodies.argo.ManifestLimitException;
import io.waterbodies.argo.UnsupportedKindException;
import io.waterbodies.argo.model.ArgoResource;
import io.waterbodies.argo.model.Workflow;
import io.waterbodies.argo.model.WorkflowTemplate;
import io.waterbodies.argo.reference.ReferencePipeline;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArgoManifestsTest {
  @Test
  void multiDocumentYamlRoundTripsToEqualTypedResources() {
    List<ArgoResource> resources = ReferencePipeline.builder().build().resources();
    String yaml = ArgoManifests.toYaml(resources);
    assertThat(yaml.split("(?m)^---$")).hasSize(5);
    List<ArgoResource> back = ArgoManifests.read(yaml, "pipeline.yaml");
    assertThat(back).isEqualTo(resources);
    assertThat(back.get(4)).isInstanceOf(WorkflowTemplate.class);
  }

  @Test
  void jsonRendersAndReadsBack() {
    WorkflowTemplate t = ReferencePipeline.builder().build().cwlRunnerTemplate();
    String json = ArgoManifests.toJson(t);
    assertThat(ArgoManifests.read(json, "t.json", WorkflowTemplate.class)).isEqualTo(t);
  }

  @Test
  void unknownFieldsSurviveReadModifyWrite() {
    String yaml =
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Workflow
        metadata:
          name: hello
          creationTimestamp: 2024-01-01T00:00:00Z
        spec:
          futureField: {keep: me}
          entrypoint: main
          templates:
          - name: main
            plugin: {x: 1}
            container: {image: alpine, resources: {limits: {cpu: 1}}}
        """;
    Workflow wf = ArgoManifests.read(yaml, "hello.yaml", Workflow.class);
    Workflow changed = wf.toBuilder().serviceAccountName("argo").build();
    String out = ArgoManifests.toYaml(changed);
    Workflow back = ArgoManifests.read(out, "out.yaml", Workflow.class);
    assertThat(back.spec().path("futureField").path("keep").asText()).isEqualTo("me");
    assertThat(back.templates().get(0).field("plugin")).isPresent();
    assertThat(back.serviceAccountName()).contains("argo");
    assertThat(back.toJson().at("/metadata/creationTimestamp").asText())
        .isEqualTo("2024-01-01T00:00:00Z");
  }

  @Test
  void yamlBombIsRefused() {
    StringBuilder y =
        new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    String prev = "a";
    for (int i = 0; i < 9; i++) {
      String n = "b" + i;
      y.append(n).append(": &").append(n).append(" [");
      for (int j = 0; j < 9; j++) {
        y.append(j == 0 ? "" : ",").append('*').append(prev);
      }
      y.append("]\n");
      prev = n;
    }
    assertThatThrownBy(() -> ArgoManifests.read(y.toString(), "bomb.yaml"))
        .isInstanceOf(ManifestLimitException.class)
        .hasMessageContaining("aliases")
        .hasMessageContaining("bomb.yaml");
  }

  @Test
  void wrongKindIsATypedError() {
    String cm = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n";
    assertThatThrownBy(() -> ArgoManifests.read(cm, "cm.yaml"))
        .isInstanceOf(UnsupportedKindException.class)
        .hasMessageContaining("cm.yaml");
    String rollout = "apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: x}\n";
    assertThatThrownBy(() -> ArgoManifests.read(rollout, "r.yaml"))
        .isInstanceOf(UnsupportedKindException.class)
        .hasMessageContaining("Rollout");
    String sensor = ArgoManifests.toYaml(ReferencePipeline.builder().build().sensor());
    assertThatThrownBy(() -> ArgoManifests.read(sensor, "s.yaml", Workflow.class))
        .isInstanceOf(UnsupportedKindException.class)
        .hasMessageContaining("expected kind Workflow");
  }

  @Test
  void tenMegabyteManifestIsRefusedAndTheLimitIsConfigurable() {
    String big =
        "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: x}\nspec:\n  x: \""
            + "a".repeat(10 * 1024 * 1024)
            + "\"\n";
    assertThatThrownBy(() -> ArgoManifests.read(big, "big.yaml"))
        .isInstanceOf(ManifestLimitException.class)
        .hasMessageContaining("bytes");
    String small = ArgoManifests.toYaml(ReferencePipeline.builder().build().eventBus());
    ArgoManifests strict = ArgoManifests.withLimits(ManifestLimits.DEFAULT.withMaxBytes(64));
    assertThatThrownBy(() -> strict.readAll(small, "bus.yaml"))
        .isInstanceOf(ManifestLimitException.class)
        .hasMessageContaining("64 bytes");
    List<ArgoResource> ok =
        ArgoManifests.withLimits(ManifestLimits.DEFAULT.withMaxBytes(small.length()))
            .readAll(small, "bus.yaml");
    assertThat(ok).hasSize(1);
  }

  @Test
  void garbageIsAManifestException() {
    assertThatThrownBy(() -> ArgoManifests.read("a: [unclosed", "bad.yaml"))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("bad.yaml");
    assertThatThrownBy(() -> ArgoManifests.read("- 1\n- 2\n", "list.yaml"))
        .isInstanceOf(ManifestException.class);
  }
}
