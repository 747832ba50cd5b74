package io.waterbodies.events.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.waterbodies.argo.k8s.ArgoKubernetes;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.secret.Secret;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/** fabric8's mock Kubernetes API server (CRUD or expectations mode) and a client for it. */
final class MockApiServer implements AutoCloseable {
  static final String TOKEN = "mock-token-0123456789";
  static final String NAMESPACE = "eoap";
  static final String WORKFLOWS = "/apis/argoproj.io/v1alpha1/namespaces/eoap/workflows";

  final KubernetesMockServer server;
  final ArgoKubernetes k8s;

  private MockApiServer(boolean crud) {
    server =
        crud
            ? new KubernetesMockServer(
                new Context(),
                new MockWebServer(),
                new HashMap<>(),
                new KubernetesCrudDispatcher(),
                false)
            : new KubernetesMockServer(false);
    server.init();
    k8s = ArgoKubernetes.connect(url(), Secret.of(TOKEN)).namespace(NAMESPACE).build();
  }

  /** A server that stores what it is sent, like an API server. */
  static MockApiServer crud() {
    return new MockApiServer(true);
  }

  /** A server that answers what the test expects. */
  static MockApiServer expectations() {
    return new MockApiServer(false);
  }

  String url() {
    return server.url("/").replaceAll("/$", "");
  }

  /** The Workflows stored in the namespace (CRUD mode). */
  List<JsonNode> workflows() {
    return workflows(NAMESPACE);
  }

  /** The Workflows stored in a namespace (CRUD mode). */
  List<JsonNode> workflows(String namespace) {
    String path = "/apis/argoproj.io/v1alpha1/namespaces/" + namespace + "/workflows";
    try {
      java.net.http.HttpResponse<String> r =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(java.net.URI.create(url() + path)).build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      List<JsonNode> out = new ArrayList<>();
      Json.parse(r.body(), "list").path("items").forEach(out::add);
      return out;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.destroy();
  }
}
