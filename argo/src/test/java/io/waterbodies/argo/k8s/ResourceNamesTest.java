package io.waterbodies.argo.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.waterbodies.argo.model.Workflow;
import org.junit.jupiter.api.Test;

class ResourceNamesTest {
  @Test
  void deterministicNamesAreStablePerKeyAndDifferAcrossKeys() {
    String a = ResourceNames.deterministic("water-bodies-detection-", "k1");
    assertThat(a).matches("water-bodies-detection-[0-9a-f]{12}");
    assertThat(ResourceNames.deterministic("water-bodies-detection-", "k1")).isEqualTo(a);
    assertThat(ResourceNames.deterministic("water-bodies-detection-", "k2")).isNotEqualTo(a);
  }

  @Test
  void prefixesAreMadeValidAndNamesFitInALabel() {
    assertThat(ResourceNames.deterministic("My_Flow", "k")).matches("my-flow-[0-9a-f]{12}");
    assertThat(ResourceNames.deterministic("", "k")).matches("workflow-[0-9a-f]{12}");
    String longName = ResourceNames.deterministic("x".repeat(100) + "-", "k");
    assertThat(longName).hasSize(ResourceNames.MAX_LENGTH).matches("x+[0-9a-f]{12}");
  }

  @Test
  void argoKubernetesUsesTheSameRule() {
    Workflow wf = Workflow.builder().generateName("wb-").workflowTemplateRef("t").build();
    assertThat(ArgoKubernetes.withDeterministicName(wf, "key").name())
        .contains(ResourceNames.deterministic("wb-", "key"));
    assertThat(ArgoKubernetes.withDeterministicName(wf, "key").generateName()).isEmpty();
  }

  @Test
  void pluralsFollowArgoEvents() {
    assertThat(ResourceNames.plural("Workflow")).isEqualTo("workflows");
    assertThat(ResourceNames.plural("WorkflowTemplate")).isEqualTo("workflowtemplates");
    assertThat(ResourceNames.plural("EventBus")).isEqualTo("eventbus");
    assertThat(ResourceNames.plural("EventSource")).isEqualTo("eventsources");
    assertThat(ResourceNames.plural("NetworkPolicy")).isEqualTo("networkpolicies");
    assertThat(ResourceNames.plural("Gateway")).isEqualTo("gateways");
    assertThat(ResourceNames.plural("Ingress")).isEqualTo("ingresses");
    assertThat(ResourceNames.plural("Month")).isEqualTo("months");
    assertThat(ResourceNames.plural("Batch")).isEqualTo("batches");
    assertThat(ResourceNames.plural("Knife")).isEqualTo("knives");
    assertThat(ResourceNames.plural("ConfigMap")).isEqualTo("configmaps");
  }
}
