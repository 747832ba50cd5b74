package io.waterbodies.argo.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.waterbodies.argo.ManifestException;
import io.waterbodies.argo.ManifestLimitException;
import io.waterbodies.argo.UnsupportedKindException;
import io.waterbodies.argo.model.ArgoResource;
import io.waterbodies.argo.model.ClusterWorkflowTemplate;
import io.waterbodies.argo.model.CronWorkflow;
import io.waterbodies.argo.model.Workflow;
import io.waterbodies.argo.model.WorkflowEventBinding;
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

  @Test
  void cronWorkflowsClusterTemplatesAndEventBindingsRenderAndReadBack() {
    Workflow wf =
        Workflow.builder()
            .generateName("w-")
            .entrypoint("main")
            .template(ReferencePipeline.builder().build().cwlRunnerTemplate().templates().get(0))
            .build();
    CronWorkflow cron =
        CronWorkflow.builder()
            .name("hourly")
            .schedule("0 * * * *")
            .timezone("UTC")
            .concurrencyPolicy("Forbid")
            .workflowSpec(wf.spec())
            .build();
    ClusterWorkflowTemplate cwt =
        ClusterWorkflowTemplate.builder().name("shared").template(wf.templates().get(0)).build();
    WorkflowEventBinding web =
        WorkflowEventBinding.builder()
            .name("on-event")
            .selector("payload.message != \"\"")
            .workflowTemplateRef("shared")
            .argumentFromEvent("message", "payload.message")
            .build();
    List<ArgoResource> back =
        ArgoManifests.read(ArgoManifests.toYaml(List.of(cron, cwt, web)), "all.yaml");
    assertThat(back).containsExactly(cron, cwt, web);
    CronWorkflow c = (CronWorkflow) back.get(0);
    assertThat(c.schedules()).containsExactly("0 * * * *");
    assertThat(c.timezone()).contains("UTC");
    assertThat(c.concurrencyPolicy()).contains("Forbid");
    assertThat(c.workflow().entrypoint()).contains("main");
    assertThat(((ClusterWorkflowTemplate) back.get(1)).templates()).hasSize(1);
    WorkflowEventBinding b = (WorkflowEventBinding) back.get(2);
    assertThat(b.selector()).contains("payload.message != \"\"");
    assertThat(b.workflowTemplateRef()).contains("shared");
    assertThat(b.clusterScope()).isFalse();
    assertThat(b.arguments()).extracting(p -> p.name()).containsExactly("message");
    assertThatThrownBy(() -> CronWorkflow.builder().name("x").build())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aDuplicateKeyIsRefusedNamingTheKeyAndLines() {
    String yaml =
        "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: a\n"
            + "  name: b\nspec: {}\n";
    assertThatThrownBy(() -> ArgoManifests.read(yaml, "d.yaml"))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("duplicate key 'name' at line 5 (first at line 4)");
    List<ManifestDocument> docs =
        ArgoManifests.withLimits(ManifestLimits.DEFAULT).readDocuments(yaml, "d.yaml");
    assertThat(docs.get(0).duplicateKeys())
        .containsExactly(new DuplicateKey("/metadata/name", "name", 5, 4));
    assertThat(docs.get(0).tree().at("/metadata/name").asText()).isEqualTo("b");
    assertThat(docs.get(0).isSupportedKind()).isTrue();
  }
}
