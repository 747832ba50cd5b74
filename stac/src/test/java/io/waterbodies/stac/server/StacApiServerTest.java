package io.waterbodies.stac.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.stac.SharedFiles;
import io.waterbodies.stac.testing.TestItems;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedded server over HTTP with a plain JDK client: status codes, media types, bodies. */
class StacApiServerTest {
  static StacApiServer server;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final Instant T0 = Instant.parse("2021-06-01T00:00:00Z");

  record Answer(int status, String type, JsonNode body, HttpResponse<String> raw) {}

  @BeforeAll
  static void start() {
    InMemoryStacStore store = new InMemoryStacStore();
    store.createCollection(TestItems.collection("c"));
    List<ObjectNode> items = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      ObjectNode it = TestItems.item(String.format("i%02d", i), i, 0, T0.plusSeconds(86400L * i));
      it.withObjectProperty("properties").put("eo:cloud_cover", (i * 7) % 30);
      items.add(it);
    }
    // An item spanning June 10 to July 10 with a null datetime.
    ObjectNode range = TestItems.item("range", 100, 0, T0);
    ObjectNode p = range.withObjectProperty("properties");
    p.putNull("datetime");
    p.put("start_datetime", "2021-06-10T00:00:00Z");
    p.put("end_datetime", "2021-07-10T00:00:00Z");
    items.add(range);
    store.putItems("c", items);
    server =
        StacApiServer.builder()
            .store(store)
            .maxBodyBytes(64 * 1024)
            .allowWritesWithoutToken()
            .build()
            .start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Answer get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(server.uri().resolve(path)).GET());
  }

  static Answer send(String method, String path, String body)
      throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(server.uri().resolve(path))
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json"));
  }

  static Answer send(HttpRequest.Builder b) throws IOException, InterruptedException {
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode body = r.body().isEmpty() ? Json.object() : Json.parse(r.body(), "response");
    return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), body, r);
  }

  static List<String> ids(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.path("features").forEach(f -> out.add(f.get("id").asText()));
    return out;
  }

  @Test
  void landingPageAndConformance() throws Exception {
    Answer a = get("/");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.type()).isEqualTo("application/json");
    List<String> rels = new ArrayList<>();
    a.body()
        .path("links")
        .forEach(l -> rels.add(l.get("rel").asText() + ":" + l.path("method").asText("")));
    assertThat(rels)
        .contains("self:", "root:", "conformance:", "data:", "search:GET", "search:POST", "child:");
    Answer c = get("/conformance");
    assertThat(c.body().toString())
        .contains("item-search", "ogcapi-features/extensions/transaction", "cql2-text", "#sort");
  }

  @Test
  void searchAnswersGeoJsonWithLinksAndCounts() throws Exception {
    Answer a = get("/search?collections=c&limit=5");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.type()).isEqualTo("application/geo+json");
    assertThat(a.body().get("numberMatched").asInt()).isEqualTo(31);
    assertThat(a.body().get("numberReturned").asInt()).isEqualTo(5);
    JsonNode first = a.body().at("/features/0");
    List<String> rels = new ArrayList<>();
    first.path("links").forEach(l -> rels.add(l.get("rel").asText()));
    assertThat(rels).containsExactly("self", "parent", "collection", "root");
    assertThat(first.at("/links/0/href").asText())
        .isEqualTo(server.uri() + "collections/c/items/i00");
    assertThat(first.get("collection").asText()).isEqualTo("c");
  }

  @Test
  void nextTokenPagingIsStableAndOpaque() throws Exception {
    List<String> all = new ArrayList<>();
    String next = "/search?limit=7";
    int pages = 0;
    while (next != null) {
      Answer a = get(next);
      all.addAll(ids(a.body()));
      next = null;
      for (JsonNode l : a.body().path("links")) {
        if (l.get("rel").asText().equals("next")) {
          next = l.get("href").asText();
        }
      }
      pages++;
    }
    assertThat(all).hasSize(31).doesNotHaveDuplicates();
    assertThat(pages).isEqualTo(5);
    Answer bad = get("/search?token=not-a-token");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().get("code").asText()).isEqualTo("BadRequest");
  }

  @Test
  void limitIsClampedNotRefused() throws Exception {
    assertThat(ids(get("/search?limit=0").body())).hasSize(1);
    assertThat(ids(get("/search?limit=-5").body())).hasSize(1);
    assertThat(ids(get("/search?limit=999999").body())).hasSize(31);
    assertThat(ids(get("/search").body())).hasSize(10);
    assertThat(get("/search?limit=ten").status()).isEqualTo(400);
  }

  @Test
  void datetimeInstantsIntervalsAndRanges() throws Exception {
    assertThat(ids(get("/search?datetime=2021-06-03T00:00:00Z").body())).containsExactly("i02");
    assertThat(ids(get("/search?datetime=2021-06-29T12:00:00Z/..").body()))
        .containsExactly("i29", "range");
    assertThat(ids(get("/search?datetime=../2021-06-02T00:00:00Z").body()))
        .containsExactly("i00", "i01");
    // The range item spans June 10 to July 10: a July search finds it.
    assertThat(ids(get("/search?datetime=2021-07").body())).containsExactly("range");
    assertThat(ids(get("/search?datetime=2021-06-09T00:00:00Z/2021-06-10T00:00:00Z").body()))
        .containsExactly("i08", "i09", "range");
  }

  @Test
  void badParametersAre400WithAJsonBody() throws Exception {
    for (String q :
        List.of(
            "/search?datetime=2021-13-45",
            "/search?datetime=../..",
            "/search?bbox=1,2,3",
            "/search?bbox=a,b,c,d",
            "/search?bbox=0,10,1,5",
            "/search?bbox=0,0,1,1&intersects=%7B%22type%22:%22Point%22,%22coordinates%22:%5B0,0%5D%7D",
            "/search?filter=eo:cloud_cover%20%3C",
            "/search?filter-lang=ecql&filter=x=1")) {
      Answer a = get(q);
      assertThat(a.status()).as(q).isEqualTo(400);
      assertThat(a.type()).isEqualTo("application/json");
      assertThat(a.body().get("code").asText()).isEqualTo("BadRequest");
      assertThat(a.body().get("description").asText()).isNotBlank();
    }
    Answer post =
        send(
            "POST",
            "/search",
            "{\"bbox\":[0,0,1,1],\"intersects\":{\"type\":\"Point\",\"coordinates\":[0,0]}}");
    assertThat(post.status()).isEqualTo(400);
    assertThat(post.body().get("description").asText()).contains("mutually exclusive");
    assertThat(send("POST", "/search", "{not json").status()).isEqualTo(400);
  }

  @Test
  void postSearchSortsAndFilters() throws Exception {
    Answer a =
        send(
            "POST",
            "/search",
            "{\"collections\":[\"c\"],\"limit\":4,\"sortby\":[{\"field\":\"properties.eo:cloud_cover\",\"direction\":\"desc\"},{\"field\":\"id\",\"direction\":\"asc\"}],"
                + "\"filter\":{\"op\":\"<\",\"args\":[{\"property\":\"eo:cloud_cover\"},28]},\"filter-lang\":\"cql2-json\"}");
    assertThat(a.status()).isEqualTo(200);
    // cloud cover = 7i mod 30: below 28 the largest are 27 (i=21), 26 (i=8), 25 (i=25), 24 (i=12).
    assertThat(ids(a.body())).containsExactly("i21", "i08", "i25", "i12");
    JsonNode next = null;
    for (JsonNode l : a.body().path("links")) {
      if (l.get("rel").asText().equals("next")) {
        next = l;
      }
    }
    assertThat(next).isNotNull();
    assertThat(next.get("method").asText()).isEqualTo("POST");
    assertThat(next.get("merge").asBoolean()).isTrue();
  }

  @Test
  void statusCodesOfResourcesAndMethods() throws Exception {
    assertThat(get("/collections/nope").status()).isEqualTo(404);
    assertThat(get("/collections/nope/items").status()).isEqualTo(404);
    assertThat(get("/collections/c/items/nope").status()).isEqualTo(404);
    assertThat(get("/nothing/here").status()).isEqualTo(404);
    Answer item = get("/collections/c/items/i01");
    assertThat(item.status()).isEqualTo(200);
    assertThat(item.type()).isEqualTo("application/geo+json");
    Answer items = get("/collections/c/items?limit=2");
    assertThat(items.type()).isEqualTo("application/geo+json");
    assertThat(ids(items.body())).containsExactly("i00", "i01");
    Answer del = send(HttpRequest.newBuilder(server.uri().resolve("/search")).DELETE());
    assertThat(del.status()).isEqualTo(405);
    assertThat(del.raw().headers().firstValue("Allow")).hasValue("GET, POST");
    Answer huge = send("POST", "/search", "{\"ids\":[\"" + "x".repeat(70 * 1024) + "\"]}");
    assertThat(huge.status()).isEqualTo(413);
  }

  @Test
  void transactionsOverHttp() throws Exception {
    Answer created = send("POST", "/collections", Json.write(TestItems.collection("t"), false));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.raw().headers().firstValue("Location"))
        .hasValue(server.uri() + "collections/t");
    assertThat(send("POST", "/collections", Json.write(TestItems.collection("t"), false)).status())
        .isEqualTo(409);
    ObjectNode it = TestItems.item("x", 1, 1, T0);
    Answer ci = send("POST", "/collections/t/items", Json.write(it, false));
    assertThat(ci.status()).isEqualTo(201);
    assertThat(ci.type()).isEqualTo("application/geo+json");
    assertThat(send("POST", "/collections/t/items", Json.write(it, false)).status()).isEqualTo(409);
    assertThat(send("PUT", "/collections/t/items/y", Json.write(it, false)).status())
        .isEqualTo(400);
    assertThat(send("PUT", "/collections/t/items/x", Json.write(it, false)).status())
        .isEqualTo(200);
    ObjectNode wrong = it.deepCopy().put("collection", "other");
    assertThat(send("PUT", "/collections/t/items/x", Json.write(wrong, false)).status())
        .isEqualTo(400);
    assertThat(send("POST", "/collections/t/items", "{\"type\":\"Feature\"}").status())
        .isEqualTo(400);
    assertThat(send("DELETE", "/collections/t/items/x", "").status()).isEqualTo(204);
    assertThat(send("DELETE", "/collections/t/items/x", "").status()).isEqualTo(404);
    assertThat(send("DELETE", "/collections/t", "").status()).isEqualTo(204);
    assertThat(get("/collections/t").status()).isEqualTo(404);
  }

  @Test
  void staticCatalogStoreServesTheExampleCatalog() throws Exception {
    StaticCatalogStore store = StaticCatalogStore.load(SharedFiles.stacExamples().resolve("1.1.0"));
    List<String> cols = new ArrayList<>();
    store.collections().forEach(c -> cols.add(c.get("id").asText()));
    assertThat(cols).isNotEmpty();
    int items = 0;
    for (String c : cols) {
      items += store.items(c).size();
    }
    assertThat(items).isPositive();
    try (StacApiServer s = StacApiServer.builder().store(store).build().start()) {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(s.uri().resolve("search?limit=100")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(Json.parse(r.body(), "r").get("numberMatched").asInt()).isEqualTo(items);
    }
    assertThatThrownBy(() -> StaticCatalogStore.load(SharedFiles.root().resolve("no-such-dir")))
        .hasMessageContaining("no catalog.json");
  }

  @Test
  void changingTheBuilderAfterBuildLeavesTheServerAsItWas() throws Exception {
    StacApiServer.Builder b =
        StacApiServer.builder().store(new InMemoryStacStore()).landingPage("one", "One", "first");
    StacApiServer built = b.build();
    b.landingPage("two", "Two", "second").port(1);
    try (StacApiServer s = built.start()) {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(s.uri()).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.body()).contains("\"id\":\"one\"").doesNotContain("second");
      assertThat(s.uri().getPort()).isNotEqualTo(1);
    }
  }
}
