package io.waterbodies.argo.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.secret.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * fabric8's mock Kubernetes API server (CRUD or expectations mode) and an {@link ArgoKubernetes}
 * for it (namespace {@link #NAMESPACE}, bearer {@link #TOKEN}, polling every 50 ms). Shared with
 * the events tests through this module's test-jar.
 */
public final class MockApiServer implements AutoCloseable {
  /** The bearer token the client sends; tests check that it never shows. */
  public static final String TOKEN = "mock-token-0123456789";

  /** The client's default namespace. */
  public static final String NAMESPACE = "eoap";

  /** The Workflows collection of {@link #NAMESPACE}. */
  public static final String WORKFLOWS = "/apis/argoproj.io/v1alpha1/namespaces/eoap/workflows";

  /** The mock server, for expectations and recorded requests. */
  public final KubernetesMockServer server;

  /** A client of the mock server. */
  public final ArgoKubernetes k8s;

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
    k8s =
        ArgoKubernetes.connect(url(), Secret.of(TOKEN))
            .namespace(NAMESPACE)
            .pollInterval(Duration.ofMillis(50))
            .build();
  }

  /** A server that stores what it is sent, like an API server. */
  public static MockApiServer crud() {
    return new MockApiServer(true);
  }

  /** A server that answers what the test expects. */
  public static MockApiServer expectations() {
    return new MockApiServer(false);
  }

  /** The server's base URL, without a trailing slash. */
  public String url() {
    return server.url("/").replaceAll("/$", "");
  }

  /** The Workflows stored in the namespace (CRUD mode). */
  public List<JsonNode> workflows() {
    return workflows(NAMESPACE);
  }

  /** The Workflows stored in a namespace (CRUD mode). */
  public List<JsonNode> workflows(String namespace) {
    String path = "/apis/argoproj.io/v1alpha1/namespaces/" + namespace + "/workflows";
    try {
      // HTTP/1.1 and a timeout: the JDK client's default h2c upgrade against the mock server once
      // left a CI run waiting for a response forever.
      java.net.http.HttpResponse<String> r =
          java.net.http.HttpClient.newBuilder()
              .version(java.net.http.HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(10))
              .build()
              .send(
                  java.net.http.HttpRequest.newBuilder(java.net.URI.create(url() + path))
                      .timeout(Duration.ofSeconds(30))
                      .build(),
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
