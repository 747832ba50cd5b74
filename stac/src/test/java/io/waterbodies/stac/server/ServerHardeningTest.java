package io.waterbodies.stac.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.secret.Secret;
import io.waterbodies.stac.testing.TestItems;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The embedded server against hostile clients: slow senders, expensive LIKE patterns, deeply nested
 * filters, and unauthenticated writes.
 */
class ServerHardeningTest {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final Instant T0 = Instant.parse("2021-06-01T00:00:00Z");

  static InMemoryStacStore store(String longValue) {
    InMemoryStacStore store = new InMemoryStacStore();
    store.createCollection(TestItems.collection("c"));
    ObjectNode it = TestItems.item("long", 0, 0, T0);
    it.withObjectProperty("properties").put("title", longValue);
    store.putItems("c", List.of(it));
    return store;
  }

  static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return HTTP.send(
        b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode body(HttpResponse<String> r) {
    return Json.parse(r.body(), "response");
  }

  @Test
  void slowClientsCannotHoldTheWorkers() throws Exception {
    try (StacApiServer s =
        StacApiServer.builder()
            .store(store("x"))
            .threads(2)
            .headerTimeout(Duration.ofMillis(300))
            .build()
            .start()) {
      List<Socket> slow = new ArrayList<>();
      try {
        for (int k = 0; k < 2; k++) {
          Socket sock = new Socket("127.0.0.1", s.uri().getPort());
          OutputStream out = sock.getOutputStream();
          // A request line and one header, then nothing: the end of the headers never comes.
          out.write("GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
          slow.add(sock);
        }
        // Both workers are taken by the slow clients until the header timeout frees them.
        HttpResponse<String> r = send(HttpRequest.newBuilder(s.uri().resolve("conformance")));
        assertThat(r.statusCode()).isEqualTo(200);
        for (Socket sock : slow) {
          InputStream in = sock.getInputStream();
          // The server closed the slow connection: end of stream, no response.
          await().atMost(Duration.ofSeconds(30)).until(() -> in.read() == -1);
        }
      } finally {
        for (Socket sock : slow) {
          sock.close();
        }
      }
    }
  }

  @Test
  void likeWithManyWildcardsRunsInLinearTime() throws Exception {
    String value = "a".repeat(3000);
    try (StacApiServer s = StacApiServer.builder().store(store(value)).build().start()) {
      String filter = URLEncoder.encode("title LIKE '%a%a%a%a%b'", StandardCharsets.UTF_8);
      // With a backtracking regex this took minutes; the client gives up after 60 s.
      HttpResponse<String> r =
          send(HttpRequest.newBuilder(s.uri().resolve("search?filter=" + filter)));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(body(r).path("features")).isEmpty();
      String match = URLEncoder.encode("title LIKE '%a%a_a%a'", StandardCharsets.UTF_8);
      HttpResponse<String> m =
          send(HttpRequest.newBuilder(s.uri().resolve("search?filter=" + match)));
      assertThat(body(m).path("features")).hasSize(1);
    }
  }

  @Test
  void deeplyNestedFiltersGetA400NamingTheLimit() throws Exception {
    try (StacApiServer s = StacApiServer.builder().store(store("x")).threads(1).build().start()) {
      String text = "(".repeat(20_000) + "title = 'x'" + ")".repeat(20_000);
      HttpResponse<String> r =
          send(
              HttpRequest.newBuilder(s.uri().resolve("search"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          Json.write(Json.object().put("filter", text), false))));
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(body(r).path("code").asText()).isEqualTo("BadRequest");
      assertThat(body(r).path("description").asText()).contains("400");
      String nots = "NOT ".repeat(5_000) + "title = 'x'";
      HttpResponse<String> n =
          send(
              HttpRequest.newBuilder(
                  s.uri()
                      .resolve(
                          "search?filter=" + URLEncoder.encode(nots, StandardCharsets.UTF_8))));
      assertThat(n.statusCode()).isEqualTo(400);
      // The single worker survived and still answers.
      assertThat(send(HttpRequest.newBuilder(s.uri().resolve("conformance"))).statusCode())
          .isEqualTo(200);
      // Nesting within the limit still works.
      String ok = "(".repeat(100) + "title = 'x'" + ")".repeat(100);
      HttpResponse<String> fine =
          send(
              HttpRequest.newBuilder(
                  s.uri()
                      .resolve("search?filter=" + URLEncoder.encode(ok, StandardCharsets.UTF_8))));
      assertThat(body(fine).path("features")).hasSize(1);
    }
  }

  static HttpRequest.Builder createItem(StacApiServer s, String id) {
    return HttpRequest.newBuilder(s.uri().resolve("collections/c/items"))
        .header("Content-Type", "application/geo+json")
        .POST(HttpRequest.BodyPublishers.ofString(Json.write(TestItems.item(id, 1, 1, T0), false)));
  }

  @Test
  void writesAreRefusedByDefault() throws Exception {
    try (StacApiServer s = StacApiServer.builder().store(store("x")).build().start()) {
      HttpResponse<String> r = send(createItem(s, "new"));
      assertThat(r.statusCode()).isEqualTo(403);
      assertThat(body(r).path("code").asText()).isEqualTo("Forbidden");
      assertThat(body(r).path("description").asText()).contains("transactions are disabled");
      HttpResponse<String> d =
          send(HttpRequest.newBuilder(s.uri().resolve("collections/c/items/long")).DELETE());
      assertThat(d.statusCode()).isEqualTo(403);
      assertThat(s.store().item("c", "long")).isPresent();
      assertThat(s.store().item("c", "new")).isEmpty();
      assertThat(send(HttpRequest.newBuilder(s.uri().resolve("conformance"))).body())
          .doesNotContain("transaction");
    }
  }

  @Test
  void writesNeedTheBearerToken() throws Exception {
    try (StacApiServer s =
        StacApiServer.builder().store(store("x")).writeToken(Secret.of("t0ken")).build().start()) {
      HttpResponse<String> none = send(createItem(s, "a"));
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"stac\"");
      assertThat(body(none).path("code").asText()).isEqualTo("Unauthorized");
      HttpResponse<String> wrong = send(createItem(s, "a").header("Authorization", "Bearer nope"));
      assertThat(wrong.statusCode()).isEqualTo(403);
      assertThat(body(wrong).path("code").asText()).isEqualTo("Forbidden");
      assertThat(s.store().item("c", "a")).isEmpty();
      HttpResponse<String> ok = send(createItem(s, "a").header("Authorization", "Bearer t0ken"));
      assertThat(ok.statusCode()).isEqualTo(201);
      assertThat(s.store().item("c", "a")).isPresent();
      // Searching by POST is a read, not a write.
      HttpResponse<String> search =
          send(
              HttpRequest.newBuilder(s.uri().resolve("search"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{}")));
      assertThat(search.statusCode()).isEqualTo(200);
    }
  }
}
