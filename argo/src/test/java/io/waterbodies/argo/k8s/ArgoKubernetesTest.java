package io.waterbodies.argo.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.waterbodies.argo.model.ArgoResource;
import io.waterbodies.argo.model.Workflow;
import io.waterbodies.argo.model.WorkflowTemplate;
import io.waterbodies.argo.reference.ReferenceNames;
import io.waterbodies.argo.reference.ReferencePipeline;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.secret.Secret;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ArgoKubernetesTest {
  private static final String TOKEN = MockApiServer.TOKEN;
  private MockApiServer mock;
  private KubernetesMockServer server;

  private ArgoKubernetes client(boolean crud) {
    // CRUD mode keeps created objects like an API server; expectations mode replays canned answers.
    mock = crud ? MockApiServer.crud() : MockApiServer.expectations();
    server = mock.server;
    return mock.k8s;
  }

  @AfterEach
  void stop() {
    if (mock != null) {
      mock.close();
    }
  }

  private static Workflow workflow() {
    return Workflow.builder()
        .generateName("water-bodies-detection-")
        .workflowTemplateRef("water-bodies-detection")
        .argument("items", "[]")
        .build();
  }

  @Test
  void submitCreatesAndDuplicateNamesAreATypedConflict() {
    ArgoKubernetes k8s = client(true);
    Workflow named = ArgoKubernetes.withDeterministicName(workflow(), "event-42");
    assertThat(named.name())
        .hasValueSatisfying(n -> assertThat(n).matches("water-bodies-detection-[0-9a-f]{12}"));
    assertThat(ArgoKubernetes.withDeterministicName(workflow(), "event-42")).isEqualTo(named);
    Workflow created = k8s.submit(named);
    assertThat(created.name()).isEqualTo(named.name());
    assertThat(created.namespace()).contains("eoap");
    assertThatThrownBy(() -> k8s.submit(named))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessageContaining("409")
        .satisfies(e -> assertThat(((KubernetesApiException) e).status()).isEqualTo(409));
    assertThat(k8s.get("Workflow", named.name().get())).isPresent();
    assertThat(k8s.delete("Workflow", named.name().get())).isTrue();
    assertThat(k8s.get("Workflow", named.name().get())).isEmpty();
    assertThat(k8s.delete("Workflow", named.name().get())).isFalse();
  }

  @Test
  void applyCreatesThenReplacesEveryPipelineResource() {
    ArgoKubernetes k8s = client(true);
    for (ArgoResource r : ReferencePipeline.builder().build().resources()) {
      k8s.apply(r);
    }
    WorkflowTemplate changed =
        ReferencePipeline.builder().aoi("1,2,3,4").build().detectionTemplate();
    k8s.apply(changed);
    WorkflowTemplate back =
        (WorkflowTemplate) k8s.get("WorkflowTemplate", "water-bodies-detection").orElseThrow();
    assertThat(back.arguments().get(1).value()).contains("1,2,3,4");
    assertThat(k8s.get("Sensor", ReferenceNames.SENSOR)).isPresent();
    assertThat(k8s.get("EventBus", ReferenceNames.EVENT_BUS)).isPresent();
  }

  @Test
  void statusReadsPhaseNodesAndOutputs() {
    ArgoKubernetes k8s = client(true);
    ObjectNode json = ArgoKubernetes.withDeterministicName(workflow(), "x").toJson();
    ObjectNode status = json.putObject("status");
    status.put("phase", "Succeeded");
    ObjectNode node = status.putObject("nodes").putObject(json.at("/metadata/name").asText());
    node.put("displayName", "main")
        .put("type", "Steps")
        .put("phase", "Succeeded")
        .put("templateName", "main");
    node.putObject("outputs")
        .putArray("parameters")
        .addObject()
        .put("name", "calrissian-output")
        .put("value", "{}");
    Workflow created = k8s.submit(Workflow.of(json));
    WorkflowStatus s = k8s.status(created.name().get());
    assertThat(s.succeeded()).isTrue();
    assertThat(s.nodes()).hasSize(1);
    assertThat(s.outputs()).containsEntry("calrissian-output", "{}");
    assertThat(k8s.await(created.name().get(), Duration.ofSeconds(5)).succeeded()).isTrue();
  }

  @Test
  void forbiddenIsATypedError() throws Exception {
    ArgoKubernetes k8s = client(false);
    server
        .expect()
        .post()
        .withPath("/apis/argoproj.io/v1alpha1/namespaces/eoap/workflows")
        .andReturn(
            403,
            "{\"kind\":\"Status\",\"message\":\"workflows.argoproj.io is forbidden: User cannot create\",\"reason\":\"Forbidden\",\"code\":403}")
        .once();
    assertThatThrownBy(() -> k8s.submit(workflow()))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("403")
        .hasMessageContaining("forbidden")
        .hasMessageNotContaining(TOKEN);
    assertThat(server.getLastRequest().getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
  }

  @Test
  void awaitResumesADroppedWatchFromTheLastResourceVersion() throws Exception {
    ArgoKubernetes k8s = client(false);
    String base = "/apis/argoproj.io/v1alpha1/namespaces/eoap/workflows";
    server.expect().get().withPath(base + "/wf").andReturn(200, wf("Running", "1")).once();
    server
        .expect()
        .get()
        .withPath(base + "?fieldSelector=metadata.name%3Dwf&resourceVersion=1&watch=true")
        .andReturn(200, event("Running", "2") + "\n")
        .once();
    server
        .expect()
        .get()
        .withPath(base + "?fieldSelector=metadata.name%3Dwf&resourceVersion=2&watch=true")
        .andReturn(200, event("Succeeded", "3") + "\n")
        .once();
    WorkflowStatus s;
    try {
      s = k8s.await("wf", Duration.ofSeconds(20));
    } catch (RuntimeException e) {
      StringBuilder paths = new StringBuilder();
      for (int i = 0; i < server.getRequestCount(); i++) {
        try {
          paths.append(server.takeRequest().getPath()).append('\n');
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
        }
      }
      throw new AssertionError("requests:\n" + paths, e);
    }
    assertThat(s.phase()).contains("Succeeded");
    assertThat(s.resourceVersion()).isEqualTo("3");
  }

  @Test
  void awaitTimesOut() {
    ArgoKubernetes k8s = client(true);
    Workflow created = k8s.submit(ArgoKubernetes.withDeterministicName(workflow(), "slow"));
    assertThatThrownBy(() -> k8s.await(created.name().get(), Duration.ofMillis(300)))
        .isInstanceOf(WorkflowTimeoutException.class)
        .hasMessageContaining(created.name().get());
  }

  @Test
  void tokenNeverAppearsInToString() {
    ArgoKubernetes k8s = client(true);
    assertThat(k8s.toString()).doesNotContain(TOKEN).contains("namespace=eoap");
  }

  @Test
  void anyObjectIsCreatedReadReplacedPatchedAndDeleted() throws Exception {
    ArgoKubernetes k8s = client(true);
    ObjectNode cm = Json.object();
    cm.put("apiVersion", "v1").put("kind", "ConfigMap");
    cm.putObject("metadata").put("name", "settings");
    cm.putObject("data").put("a", "1").put("b", "2");
    ObjectNode created = k8s.createObject(cm);
    assertThat(created.at("/metadata/namespace").asText()).isEqualTo("eoap");
    assertThat(server.getLastRequest().getPath()).isEqualTo("/api/v1/namespaces/eoap/configmaps");
    assertThatThrownBy(() -> k8s.createObject(cm)).isInstanceOf(AlreadyExistsException.class);

    ObjectNode replaced = created.deepCopy();
    ((ObjectNode) replaced.get("data")).put("a", "10");
    k8s.replaceObject(replaced);
    assertThat(
            k8s.getObject("v1", "ConfigMap", "eoap", "settings")
                .orElseThrow()
                .at("/data/a")
                .asText())
        .isEqualTo("10");

    ObjectNode patch = Json.object();
    patch.put("apiVersion", "v1").put("kind", "ConfigMap");
    patch.putObject("metadata").put("name", "settings");
    patch.putObject("data").put("c", "3");
    k8s.patchObject(patch, ArgoKubernetes.MERGE_PATCH);
    ObjectNode after = k8s.getObject("v1", "ConfigMap", "eoap", "settings").orElseThrow();
    assertThat(after.at("/data/a").asText()).isEqualTo("10");
    assertThat(after.at("/data/c").asText()).isEqualTo("3");
    assertThat(server.getLastRequest().getMethod()).isEqualTo("GET");

    assertThat(k8s.deleteObject("v1", "ConfigMap", "eoap", "settings")).isTrue();
    assertThat(k8s.getObject("v1", "ConfigMap", "eoap", "settings")).isEmpty();
    assertThat(k8s.deleteObject("v1", "ConfigMap", "eoap", "settings")).isFalse();
  }

  @Test
  void refusalsAreTypedAndNameTheResourceAndTheServersReason() {
    ArgoKubernetes k8s = client(false);
    String path = "/apis/argoproj.io/v1alpha1/namespaces/eoap/workflows";
    server
        .expect()
        .post()
        .withPath(path)
        .andReturn(
            422,
            "{\"kind\":\"Status\",\"reason\":\"Invalid\",\"message\":\"Workflow.argoproj.io"
                + " \\\"x\\\" is invalid: spec.entrypoint: Required value\",\"code\":422}")
        .once();
    server.expect().post().withPath(path).andReturn(400, "not json at all").once();
    server
        .expect()
        .post()
        .withPath(path)
        .andReturn(500, "{\"kind\":\"Status\",\"message\":\"etcdserver: leader changed\"}")
        .once();
    assertThatThrownBy(() -> k8s.submit(workflow()))
        .isInstanceOfSatisfying(
            InvalidResourceException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("Workflow eoap/water-bodies-detection-*")
        .hasMessageContaining("HTTP 422 Invalid")
        .hasMessageContaining("spec.entrypoint: Required value");
    assertThatThrownBy(() -> k8s.submit(workflow()))
        .isInstanceOfSatisfying(
            InvalidResourceException.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageContaining("not json at all");
    assertThatThrownBy(() -> k8s.submit(workflow()))
        .isInstanceOfSatisfying(
            KubernetesApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(500);
              assertThat(e.retryable()).isTrue();
            })
        .hasMessageContaining("etcdserver: leader changed");
  }

  @Test
  void anUnreachableApiServerIsARetryableTypedError() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ArgoKubernetes k8s =
        ArgoKubernetes.connect("http://127.0.0.1:" + port, Secret.of(TOKEN))
            .namespace("eoap")
            .build();
    assertThatThrownBy(() -> k8s.submit(workflow()))
        .isInstanceOfSatisfying(
            ApiServerUnreachableException.class,
            e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.status()).isZero();
            })
        .hasMessageContaining("cannot reach the API server at http://127.0.0.1:" + port)
        .hasMessageContaining("Workflow eoap/water-bodies-detection-*")
        .hasMessageNotContaining(TOKEN);
  }

  private static String wf(String phase, String rv) {
    ObjectNode n = Json.object();
    n.put("apiVersion", "argoproj.io/v1alpha1").put("kind", "Workflow");
    n.putObject("metadata").put("name", "wf").put("namespace", "eoap").put("resourceVersion", rv);
    n.putObject("status").put("phase", phase);
    return Json.write(n, false);
  }

  private static String event(String phase, String rv) {
    return "{\"type\":\"MODIFIED\",\"object\":" + wf(phase, rv) + "}";
  }
}
