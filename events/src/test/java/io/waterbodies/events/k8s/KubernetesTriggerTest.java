package io.waterbodies.events.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.argo.k8s.ArgoKubernetes;
import io.waterbodies.argo.k8s.MockApiServer;
import io.waterbodies.argo.k8s.ResourceNames;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.secret.Secret;
import io.waterbodies.events.sensor.SensorSpec;
import io.waterbodies.events.sensor.SensorSpecException;
import io.waterbodies.events.sensor.Trigger;
import io.waterbodies.events.sensor.TriggerException;
import io.waterbodies.events.sensor.TriggerRequest;
import io.waterbodies.events.sensor.TriggerSpec;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The k8s and argoWorkflow triggers against fabric8's mock API server. */
class KubernetesTriggerTest {
  private MockApiServer mock;

  @AfterEach
  void stop() {
    if (mock != null) {
      mock.close();
    }
  }

  private static TriggerSpec spec(String kind, String body) {
    String yaml =
        "kind: Sensor\nmetadata: {name: s}\nspec:\n  dependencies:\n"
            + "  - {name: d, eventSourceName: redis-source, eventName: example}\n"
            + "  triggers:\n  - template:\n      name: t\n      "
            + kind
            + ":\n"
            + body.indent(8);
    return SensorSpec.parse(yaml, "test").triggers().get(0);
  }

  private static final String WORKFLOW =
      "source:\n  resource:\n    apiVersion: argoproj.io/v1alpha1\n    kind: Workflow\n"
          + "    metadata: {generateName: water-bodies-detection-}\n"
          + "    spec: {workflowTemplateRef: {name: water-bodies-detection}}\n";

  private static String configMap(String data) {
    return "source:\n  resource:\n    apiVersion: v1\n    kind: ConfigMap\n"
        + "    metadata: {name: settings}\n    data: "
        + data
        + "\n";
  }

  private Trigger trigger(String kind, String body) {
    return KubernetesTriggerFactory.of(mock.k8s).create(spec(kind, body)).orElseThrow();
  }

  private static TriggerRequest request(TriggerSpec spec, String key) {
    return new TriggerRequest("s", "t", key, spec.resource().deepCopy(), Map.of(), 1);
  }

  private void fire(String kind, String body, String key) throws Exception {
    trigger(kind, body).fire(request(spec(kind, body), key));
  }

  private ObjectNode configMap() {
    return mock.k8s.getObject("v1", "ConfigMap", MockApiServer.NAMESPACE, "settings").orElseThrow();
  }

  @Test
  void createIsExactlyOncePerEvent() throws Exception {
    mock = MockApiServer.crud();
    String body = "operation: create\n" + WORKFLOW;
    fire("k8s", body, "0123456789abcdef0123456789abcdef");
    fire("k8s", body, "0123456789abcdef0123456789abcdef");
    assertThat(mock.workflows()).hasSize(1);
    JsonNode wf = mock.workflows().get(0);
    assertThat(wf.at("/metadata/name").asText())
        .isEqualTo(
            ResourceNames.deterministic(
                "water-bodies-detection-", "0123456789abcdef0123456789abcdef"));
    assertThat(wf.at("/metadata/labels/events.argoproj.io~1sensor").asText()).isEqualTo("s");
    assertThat(wf.at("/metadata/labels/events.argoproj.io~1trigger").asText()).isEqualTo("t");
    assertThat(wf.at("/metadata/annotations/waterbodies.io~1idempotency-key").asText())
        .isEqualTo("0123456789abcdef0123456789abcdef");
    fire("k8s", body, "ffffffffffffffffffffffffffffffff");
    assertThat(mock.workflows()).hasSize(2);
  }

  @Test
  void aFixedNameCountsAsDoneOnlyForTheEventThatCreatedIt() throws Exception {
    mock = MockApiServer.crud();
    String body = configMap("{a: '1'}");
    fire("k8s", body, "key-1");
    fire("k8s", body, "key-1");
    assertThatThrownBy(() -> fire("k8s", body, "key-2"))
        .isInstanceOfSatisfying(TriggerException.class, e -> assertThat(e.isPermanent()).isTrue())
        .hasMessageContaining("ConfigMap eoap/settings")
        .hasMessageContaining("409")
        .hasMessageContaining("not created for this event");
  }

  @Test
  void updateCreatesAMissingObjectThenMergesOntoTheLiveOne() throws Exception {
    mock = MockApiServer.crud();
    fire("k8s", "operation: update\n" + configMap("{a: '1'}"), "k");
    assertThat(configMap().at("/data/a").asText()).isEqualTo("1");
    ObjectNode live = configMap();
    ((ObjectNode) live.get("data")).put("b", "kept");
    mock.k8s.replaceObject(live);
    fire("k8s", "operation: update\n" + configMap("{a: '2', c: ''}"), "k2");
    ObjectNode after = configMap();
    assertThat(after.at("/data/a").asText()).isEqualTo("2");
    assertThat(after.at("/data/b").asText()).isEqualTo("kept");
    // Argo's mergo.WithOverride: empty values do not override.
    assertThat(after.at("/data").has("c")).isFalse();
  }

  @Test
  void patchCreatesAMissingObjectThenPatchesWithTheStrategy() throws Exception {
    mock = MockApiServer.crud();
    String body = "operation: patch\npatchStrategy: application/merge-patch+json\n";
    fire("k8s", body + configMap("{a: '1'}"), "k");
    fire("k8s", body + configMap("{b: '2'}"), "k2");
    assertThat(mock.server.getLastRequest().getMethod()).isEqualTo("PATCH");
    assertThat(mock.server.getLastRequest().getHeader("Content-Type"))
        .startsWith("application/merge-patch+json");
    ObjectNode after = configMap();
    assertThat(after.at("/data/a").asText()).isEqualTo("1");
    assertThat(after.at("/data/b").asText()).isEqualTo("2");
  }

  @Test
  void deleteRemovesTheObjectAndIgnoresAMissingOne() throws Exception {
    mock = MockApiServer.crud();
    fire("k8s", configMap("{a: '1'}"), "k");
    fire("k8s", "operation: delete\n" + configMap("{}"), "k2");
    assertThat(mock.k8s.getObject("v1", "ConfigMap", "eoap", "settings")).isEmpty();
    fire("k8s", "operation: delete\n" + configMap("{}"), "k3");
  }

  @Test
  void argoWorkflowSubmitsOnceAndSuspendsResumesTerminatesAndStops() throws Exception {
    mock = MockApiServer.crud();
    fire("argoWorkflow", "operation: submit\n" + WORKFLOW, "key");
    fire("argoWorkflow", WORKFLOW, "key");
    assertThat(mock.workflows()).hasSize(1);
    String name = mock.workflows().get(0).at("/metadata/name").asText();
    String named =
        "source:\n  resource:\n    apiVersion: argoproj.io/v1alpha1\n    kind: Workflow\n"
            + "    metadata: {name: "
            + name
            + "}\n";
    fire("argoWorkflow", "operation: suspend\n" + named, "k1");
    assertThat(mock.workflows().get(0).at("/spec/suspend").asBoolean()).isTrue();
    fire("argoWorkflow", "operation: resume\n" + named, "k2");
    // The merge patch sends suspend: null (an API server removes the field; the mock keeps null).
    assertThat(mock.workflows().get(0).at("/spec/suspend").asBoolean(false)).isFalse();
    fire("argoWorkflow", "operation: stop\n" + named, "k3");
    assertThat(mock.workflows().get(0).at("/spec/shutdown").asText()).isEqualTo("Stop");
    fire("argoWorkflow", "operation: terminate\n" + named, "k4");
    assertThat(mock.workflows().get(0).at("/spec/shutdown").asText()).isEqualTo("Terminate");
    assertThat(mock.workflows().get(0).at("/spec/workflowTemplateRef/name").asText())
        .isEqualTo("water-bodies-detection");
  }

  @Test
  void argoWorkflowSubmitsFromATemplate() throws Exception {
    mock = MockApiServer.crud();
    String from =
        "operation: submit-from\nsource:\n  resource:\n    apiVersion: argoproj.io/v1alpha1\n"
            + "    kind: WorkflowTemplate\n    metadata: {name: water-bodies-detection}\n";
    fire("argoWorkflow", from, "key");
    fire("argoWorkflow", from, "key");
    assertThat(mock.workflows()).hasSize(1);
    JsonNode wf = mock.workflows().get(0);
    assertThat(wf.at("/metadata/name").asText()).startsWith("water-bodies-detection-");
    assertThat(wf.at("/spec/workflowTemplateRef/name").asText())
        .isEqualTo("water-bodies-detection");
  }

  @Test
  void unsupportedOperationsAndOptionsAreRefusedWhenTheSensorIsBuilt() {
    mock = MockApiServer.crud();
    assertThatThrownBy(() -> trigger("argoWorkflow", "operation: resubmit\n" + WORKFLOW))
        .isInstanceOf(SensorSpecException.class)
        .hasMessageContaining("resubmit")
        .hasMessageContaining("not supported")
        .hasMessageContaining("/template/argoWorkflow/operation");
    assertThatThrownBy(() -> trigger("argoWorkflow", "operation: retry\n" + WORKFLOW))
        .isInstanceOf(SensorSpecException.class);
    assertThatThrownBy(
            () -> trigger("argoWorkflow", "args: ['--serviceaccount', 'x']\n" + WORKFLOW))
        .isInstanceOf(SensorSpecException.class)
        .hasMessageContaining("args");
    assertThatThrownBy(() -> trigger("k8s", "operation: replace\n" + WORKFLOW))
        .isInstanceOf(SensorSpecException.class)
        .hasMessageContaining("create, update, patch or delete");
    assertThatThrownBy(() -> trigger("k8s", "operation: update\nliveObject: true\n" + WORKFLOW))
        .isInstanceOf(SensorSpecException.class)
        .hasMessageContaining("liveObject");
    assertThatThrownBy(() -> trigger("k8s", "source:\n  configmap: {name: cm, key: wf}\n"))
        .isInstanceOf(SensorSpecException.class)
        .hasMessageContaining("source.resource");
    assertThat(KubernetesTriggerFactory.of(mock.k8s).create(spec("log", "{}"))).isEmpty();
  }

  private void expectCreate(int status, String body) {
    mock.server.expect().post().withPath(MockApiServer.WORKFLOWS).andReturn(status, body).once();
  }

  private static String status(int code, String reason, String message) {
    return "{\"kind\":\"Status\",\"code\":"
        + code
        + ",\"reason\":\""
        + reason
        + "\",\"message\":\""
        + message
        + "\"}";
  }

  @Test
  void refusalsArePermanentAndServerFailuresRetryable() {
    mock = MockApiServer.expectations();
    String body = "operation: create\n" + WORKFLOW;
    expectCreate(
        403,
        status(
            403,
            "Forbidden",
            "workflows.argoproj.io is forbidden: User system:serviceaccount:eoap:sensor cannot"
                + " create resource workflows"));
    expectCreate(422, status(422, "Invalid", "spec.workflowTemplateRef.name: Required value"));
    expectCreate(404, status(404, "NotFound", "namespaces eoap not found"));
    expectCreate(
        400, status(400, "BadRequest", "the body of the request was in an unknown format"));
    expectCreate(503, status(503, "ServiceUnavailable", "etcdserver: request timed out"));
    expectCreate(409, status(409, "AlreadyExists", "workflows already exists"));
    String[] permanent = {
      "cannot create resource workflows",
      "Required value",
      "namespaces eoap not found",
      "unknown format"
    };
    for (String reason : permanent) {
      assertThatThrownBy(() -> fire("k8s", body, "key"))
          .isInstanceOfSatisfying(TriggerException.class, e -> assertThat(e.isPermanent()).isTrue())
          .hasMessageContaining("Workflow eoap/water-bodies-detection-")
          .hasMessageContaining(reason)
          .hasMessageNotContaining(MockApiServer.TOKEN);
    }
    assertThatThrownBy(() -> fire("k8s", body, "key"))
        .isInstanceOfSatisfying(TriggerException.class, e -> assertThat(e.isPermanent()).isFalse())
        .hasMessageContaining("HTTP 503")
        .hasMessageContaining("etcdserver: request timed out");
    // 409 for a name derived from the event's key: an earlier delivery created it.
    org.assertj.core.api.Assertions.assertThatCode(() -> fire("k8s", body, "key"))
        .doesNotThrowAnyException();
  }

  @Test
  void anUnreachableApiServerIsRetryable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ArgoKubernetes down =
        ArgoKubernetes.connect("http://127.0.0.1:" + port, Secret.of("t0ken-value")).build();
    TriggerSpec s = spec("k8s", WORKFLOW);
    Trigger t = KubernetesTriggerFactory.of(down).namespace("ns1").create(s).orElseThrow();
    assertThatThrownBy(() -> t.fire(request(s, "key")))
        .isInstanceOfSatisfying(TriggerException.class, e -> assertThat(e.isPermanent()).isFalse())
        .hasMessageContaining("cannot reach the API server")
        .hasMessageContaining("Workflow ns1/water-bodies-detection-")
        .hasMessageNotContaining("t0ken-value");
  }

  @Test
  void theSdkHasOneNamingRule() {
    TriggerRequest r =
        new TriggerRequest(
            "s", "t", "0123456789abcdef0123456789abcdef", Json.object(), Map.of(), 1);
    assertThat(r.deterministicName("wb-"))
        .isEqualTo(ResourceNames.deterministic("wb-", "0123456789abcdef0123456789abcdef"));
  }
}
