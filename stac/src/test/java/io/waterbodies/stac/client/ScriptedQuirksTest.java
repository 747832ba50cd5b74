package io.waterbodies.stac.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.core.secret.Secret;
import io.waterbodies.stac.model.Item;
import io.waterbodies.stac.testing.ScriptedServer;
import io.waterbodies.stac.testing.ScriptedServer.Request;
import io.waterbodies.stac.testing.ScriptedServer.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against scripted responses reproducing what real STAC APIs do. */
class ScriptedQuirksTest {
  ScriptedServer server;

  @BeforeEach
  void start() {
    server = new ScriptedServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static final RetryPolicy FAST =
      RetryPolicy.builder()
          .maxAttempts(3)
          .initialDelay(Duration.ofMillis(10))
          .maxDelay(Duration.ofSeconds(5))
          .build();

  String landing(boolean itemSearch, String searchMethod) {
    String conf =
        itemSearch
            ? "\"https://api.stacspec.org/v1.0.0-rc.1/core\",\"https://api.stacspec.org/v1.0.0-rc.1/item-search\""
            : "\"https://api.stacspec.org/v1.0.0/core\",\"https://api.stacspec.org/v1.0.0/ogcapi-features\"";
    String search =
        itemSearch
            ? ",{\"rel\":\"search\",\"href\":\""
                + server.uri()
                + "search\",\"method\":\""
                + searchMethod
                + "\"}"
            : "";
    return "{\"type\":\"Catalog\",\"id\":\"scripted\",\"description\":\"d\",\"stac_version\":\"1.0.0\","
        + "\"conformsTo\":["
        + conf
        + "],\"links\":[{\"rel\":\"self\",\"href\":\""
        + server.uri()
        + "\"}"
        + search
        + "]}";
  }

  static String item(String id) {
    return "{\"type\":\"Feature\",\"stac_version\":\"1.0.0\",\"id\":\""
        + id
        + "\",\"geometry\":null,\"properties\":{\"datetime\":\"2021-01-01T00:00:00Z\"},\"links\":[],\"assets\":{}}";
  }

  static String page(List<String> ids, String nextLink) {
    return "{\"type\":\"FeatureCollection\",\"features\":["
        + ids.stream().map(ScriptedQuirksTest::item).collect(Collectors.joining(","))
        + "],\"links\":["
        + (nextLink == null ? "" : nextLink)
        + "]}";
  }

  StacApiClient open(Function<Request, Response> search, boolean itemSearch, String method) {
    String land = landing(itemSearch, method);
    server.handler(r -> r.path().equals("/") ? Response.json(200, land) : search.apply(r));
    return StacApiClient.builder(server.uri())
        .retryPolicy(FAST)
        .requestTimeout(Duration.ofSeconds(5))
        .build();
  }

  static List<String> ids(SearchResults r) {
    return r.items().map(Item::id).collect(Collectors.toList());
  }

  static JsonNode json(String s) {
    return Json.parse(s, "test");
  }

  @Test
  void postPagingMergesTheNextBodyIntoThePreviousOne() {
    StacApiClient c =
        open(
            r -> {
              JsonNode b = json(r.body());
              if (!b.has("token")) {
                return Response.json(
                    200,
                    page(
                        List.of("a", "b"),
                        "{\"rel\":\"next\",\"href\":\""
                            + server.uri()
                            + "search\",\"method\":\"POST\","
                            + "\"body\":{\"token\":\"t2\"},\"merge\":true}"));
              }
              return Response.json(200, page(List.of("c"), null));
            },
            true,
            "POST");
    SearchResults r = c.search(ItemSearch.builder().collections("x").limit(2).build());
    assertThat(ids(r)).containsExactly("a", "b", "c");
    List<Request> searches = server.requests("/search");
    assertThat(json(searches.get(0).body()))
        .isEqualTo(json("{\"limit\":2,\"collections\":[\"x\"]}"));
    assertThat(json(searches.get(1).body()))
        .isEqualTo(json("{\"limit\":2,\"collections\":[\"x\"],\"token\":\"t2\"}"));
  }

  @Test
  void postPagingWithoutMergeReplacesTheBody() {
    StacApiClient c =
        open(
            r -> {
              JsonNode b = json(r.body());
              if (!b.has("token")) {
                return Response.json(
                    200,
                    page(
                        List.of("a"),
                        "{\"rel\":\"next\",\"href\":\""
                            + server.uri()
                            + "search\",\"method\":\"POST\","
                            + "\"body\":{\"token\":\"t2\",\"collections\":[\"x\"]}}"));
              }
              return Response.json(200, page(List.of("b"), null));
            },
            true,
            "POST");
    assertThat(ids(c.search(ItemSearch.builder().collections("x").limit(1).build())))
        .containsExactly("a", "b");
    assertThat(json(server.requests("/search").get(1).body()))
        .isEqualTo(json("{\"token\":\"t2\",\"collections\":[\"x\"]}"));
  }

  @Test
  void headerOnlyPagingRepeatsTheBodyWithTheLinkHeaders() {
    StacApiClient c =
        open(
            r -> {
              String page = r.header("x-page");
              if (page == null) {
                return Response.json(
                    200,
                    page(
                        List.of("a"),
                        "{\"rel\":\"next\",\"href\":\""
                            + server.uri()
                            + "search\",\"method\":\"POST\","
                            + "\"headers\":{\"X-Page\":\"2\"}}"));
              }
              return Response.json(200, page(List.of("b"), null));
            },
            true,
            "POST");
    assertThat(ids(c.search(ItemSearch.builder().ids("a", "b").build()))).containsExactly("a", "b");
    List<Request> s = server.requests("/search");
    assertThat(s).hasSize(2);
    assertThat(s.get(1).header("x-page")).isEqualTo("2");
    assertThat(json(s.get(1).body())).isEqualTo(json(s.get(0).body()));
  }

  @Test
  void nextLinksForeverWithEmptyPagesStop() {
    AtomicInteger n = new AtomicInteger();
    StacApiClient c =
        open(
            r -> {
              int k = n.incrementAndGet();
              List<String> ids = k <= 2 ? List.of("i" + k) : List.of();
              return Response.json(
                  200,
                  page(
                      ids,
                      "{\"rel\":\"next\",\"href\":\""
                          + server.uri()
                          + "search?page="
                          + (k + 1)
                          + "\"}"));
            },
            true,
            "GET");
    assertThat(ids(c.search(ItemSearch.builder().build()))).containsExactly("i1", "i2");
    assertThat(server.requests("/search")).hasSize(3);
  }

  @Test
  void aNextLinkToTheSameRequestStops() {
    StacApiClient c =
        open(
            r ->
                Response.json(
                    200, page(List.of("a"), "{\"rel\":\"next\",\"href\":\"" + r.uri() + "\"}")),
            true,
            "GET");
    assertThat(ids(c.search(ItemSearch.builder().limit(1).build()))).containsExactly("a");
    assertThat(server.requests("/search")).hasSize(1);
  }

  @Test
  void aShortPageIsNotTheEnd() {
    StacApiClient c =
        open(
            r ->
                r.uri().getQuery().contains("token=2")
                    ? Response.json(200, page(List.of("c", "d", "e"), null))
                    : Response.json(
                        200,
                        page(
                            List.of("a"),
                            "{\"rel\":\"next\",\"href\":\"search?limit=3&token=2\"}")),
            true,
            "GET");
    assertThat(ids(c.search(ItemSearch.builder().limit(3).build())))
        .containsExactly("a", "c", "d", "e");
  }

  @Test
  void relativeNextHrefsResolveAgainstThePageUrl() {
    StacApiClient c =
        open(
            r -> {
              if (r.path().equals("/search")) {
                return Response.json(
                    200, page(List.of("a"), "{\"rel\":\"next\",\"href\":\"pages/2?x=1\"}"));
              }
              if (r.path().equals("/pages/2")) {
                return Response.json(
                    200, page(List.of("b"), "{\"rel\":\"next\",\"href\":\"../search/3\"}"));
              }
              if (r.path().equals("/search/3")) {
                return Response.json(200, page(List.of("c"), null));
              }
              return Response.json(404, "{}");
            },
            true,
            "GET");
    assertThat(ids(c.search(ItemSearch.builder().build()))).containsExactly("a", "b", "c");
    assertThat(server.requests("/pages/2").get(0).uri().getQuery()).isEqualTo("x=1");
  }

  @Test
  void getSearchEncodesParametersAsSpecified() {
    StacApiClient c = open(r -> Response.json(200, page(List.of(), null)), true, "GET");
    ids(
        c.search(
            ItemSearch.builder()
                .bbox(170, -10, -170, 10)
                .datetime("2021-07")
                .collections("a", "b")
                .sortBy("+properties.datetime", "-id")
                .fields(List.of("id"), List.of("geometry"))
                .filter("eo:cloud_cover < 10")
                .limit(5)
                .build()));
    String raw = server.requests("/search").get(0).uri().getRawQuery();
    assertThat(raw)
        .contains("bbox=170.0,-10.0,-170.0,10.0")
        .contains("datetime=2021-07-01T00:00:00Z/2021-07-31T23:59:59.999Z")
        .contains("collections=a,b")
        .contains("sortby=%2Bproperties.datetime,-id")
        .contains("fields=id,-geometry")
        .contains("filter=eo:cloud_cover%20%3C%2010")
        .contains("filter-lang=cql2-text")
        .contains("limit=5");
  }

  @Test
  void retriesOn429HonouringRetryAfter() {
    AtomicInteger n = new AtomicInteger();
    StacApiClient c =
        open(
            r ->
                n.incrementAndGet() == 1
                    ? Response.json(429, "{\"code\":\"TooManyRequests\"}")
                        .withHeader("Retry-After", "1")
                    : Response.json(200, page(List.of("a"), null)),
            true,
            "POST");
    long t0 = System.nanoTime();
    assertThat(ids(c.search(ItemSearch.builder().build()))).containsExactly("a");
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(server.requests("/search")).hasSize(2);
    // The policy alone would wait about 10 ms; the server asked for a second.
    assertThat(ms).isGreaterThanOrEqualTo(950);
  }

  @Test
  void retries503ThenSucceedsForPost() {
    AtomicInteger n = new AtomicInteger();
    StacApiClient c =
        open(
            r ->
                n.incrementAndGet() <= 2
                    ? Response.of(503, "text/html", "<html><body>Service Unavailable</body></html>")
                    : Response.json(200, page(List.of("a"), null)),
            true,
            "POST");
    assertThat(ids(c.search(ItemSearch.builder().build()))).containsExactly("a");
    List<Request> s = server.requests("/search");
    assertThat(s).hasSize(3);
    assertThat(s.get(2).body()).isEqualTo(s.get(0).body());
  }

  @Test
  void serverErrorsAfterRetriesGiveATypedErrorWithUrlAndStatus() {
    StacApiClient c =
        open(r -> Response.json(502, "{\"description\":\"bad gateway\"}"), true, "GET");
    assertThatThrownBy(() -> ids(c.search(ItemSearch.builder().build())))
        .isInstanceOfSatisfying(
            StacApiException.class,
            e -> {
              assertThat(e.status()).hasValue(502);
              assertThat(e.uri())
                  .hasValueSatisfying(u -> assertThat(u.getPath()).isEqualTo("/search"));
            })
        .hasMessageContaining("after 3 attempts")
        .hasMessageContaining("bad gateway");
    assertThat(server.requests("/search")).hasSize(3);
  }

  @Test
  void createsAreSentOnceButReplacementsAreRetried() {
    AtomicInteger puts = new AtomicInteger();
    StacApiClient c =
        open(
            r -> {
              if (r.method().equals("POST")) {
                return Response.json(503, "{\"description\":\"busy\"}");
              }
              return puts.incrementAndGet() == 1
                  ? Response.json(503, "{}")
                  : Response.of(200, "application/geo+json", item("x"));
            },
            true,
            "GET");
    Item x = Item.fromJson(json(item("x")));
    assertThatThrownBy(() -> c.transactions().createItem("col", x))
        .isInstanceOfSatisfying(StacApiException.class, e -> assertThat(e.status()).hasValue(503));
    assertThat(server.requests("/collections/col/items")).hasSize(1);
    assertThat(c.transactions().updateItem("col", x).id()).isEqualTo("x");
    assertThat(server.requests("/collections/col/items/x")).hasSize(2);
  }

  @Test
  void credentialsInUrlsAreMaskedInErrors() {
    StacApiClient c =
        open(
            r ->
                r.uri().getQuery() == null
                    ? Response.json(
                        200,
                        page(
                            List.of("a"),
                            "{\"rel\":\"next\",\"href\":\"search?sig=TOPSECRET&page=2\"}"))
                    : Response.json(400, "{\"description\":\"nope\"}"),
            true,
            "GET");
    assertThatThrownBy(() -> ids(c.search(ItemSearch.builder().build())))
        .isInstanceOf(StacApiException.class)
        .hasMessageContaining("sig=****")
        .hasMessageNotContaining("TOPSECRET");
  }

  @Test
  void aSlowServerHitsTheTimeoutWithoutHanging() {
    String land = landing(true, "GET");
    server.handler(r -> r.path().equals("/") ? Response.json(200, land) : null);
    StacApiClient c =
        StacApiClient.builder(server.uri())
            .retryPolicy(RetryPolicy.NONE)
            .requestTimeout(Duration.ofMillis(300))
            .build();
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> ids(c.search(ItemSearch.builder().build())))
        .isInstanceOf(StacApiException.class)
        .hasMessageContaining("timeout")
        .hasMessageContaining("/search");
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5_000);
  }

  @Test
  void withoutItemSearchTheClientFallsBackToCollectionItems() {
    StacApiClient c =
        open(
            r -> {
              if (r.path().equals("/collections/c1/items")) {
                return r.uri().getQuery().contains("token")
                    ? Response.json(200, page(List.of("x2"), null))
                    : Response.json(
                        200,
                        page(
                            List.of("x1"),
                            "{\"rel\":\"next\",\"href\":\"/collections/c1/items?token=2\"}"));
              }
              if (r.path().equals("/collections/c2/items")) {
                return Response.json(200, page(List.of("y1"), null));
              }
              return Response.json(404, "{}");
            },
            false,
            "GET");
    assertThat(c.conformsTo(ConformanceClass.ITEM_SEARCH)).isFalse();
    SearchResults r = c.search(ItemSearch.builder().collections("c1", "c2").limit(1).build());
    assertThat(ids(r)).containsExactly("x1", "x2", "y1");
    assertThat(server.requests("/search")).isEmpty();
    assertThat(server.requests("/collections/c1/items").get(0).uri().getQuery())
        .contains("collections=c1")
        .contains("limit=1");
    assertThatThrownBy(() -> c.search(ItemSearch.builder().build()))
        .isInstanceOf(StacApiException.class)
        .hasMessageContaining("item-search");
  }

  @Test
  void conformanceCanBeOverriddenByTheCaller() {
    String land = landing(true, "GET");
    server.handler(
        r ->
            r.path().equals("/")
                ? Response.json(200, land)
                : Response.json(200, page(List.of("z"), null)));
    StacApiClient c =
        StacApiClient.builder(server.uri())
            .removeConformance(ConformanceClass.ITEM_SEARCH)
            .addConformance(ConformanceClass.FEATURES)
            .build();
    assertThat(c.conformsTo(ConformanceClass.ITEM_SEARCH)).isFalse();
    assertThat(ids(c.search(ItemSearch.builder().collections("k").build()))).containsExactly("z");
    assertThat(server.requests("/collections/k/items")).hasSize(1);
  }

  @Test
  void anHtmlErrorPageIsATypedError() {
    StacApiClient c =
        open(
            r -> Response.of(200, "text/html", "<!DOCTYPE html><html><body>Login</body></html>"),
            true,
            "GET");
    assertThatThrownBy(() -> ids(c.search(ItemSearch.builder().build())))
        .isInstanceOf(StacApiException.class)
        .hasMessageContaining("HTML page")
        .hasMessageContaining("/search");
    StacApiClient c2 =
        open(r -> Response.of(404, "text/html", "<html><h1>Not here</h1></html>"), true, "GET");
    assertThatThrownBy(() -> ids(c2.search(ItemSearch.builder().build())))
        .isInstanceOf(StacApiNotFoundException.class)
        .hasMessageContaining("Not here");
  }

  @Test
  void invalidJsonIsATypedError() {
    StacApiClient c =
        open(
            r -> Response.json(200, "{\"type\":\"FeatureCollection\",\"features\":[}"),
            true,
            "GET");
    assertThatThrownBy(() -> ids(c.search(ItemSearch.builder().build())))
        .isInstanceOfSatisfying(StacApiException.class, e -> assertThat(e.status()).hasValue(200))
        .hasMessageContaining("invalid JSON");
    StacApiClient c2 = open(r -> Response.json(200, "{\"type\":\"Catalog\"}"), true, "GET");
    assertThatThrownBy(() -> ids(c2.search(ItemSearch.builder().build())))
        .isInstanceOf(StacApiException.class)
        .hasMessageContaining("no 'features' array");
  }

  @Test
  void anOversizeResponseIsRefused() {
    String big = page(java.util.Collections.nCopies(2000, "dup"), null);
    String land = landing(true, "GET");
    server.handler(r -> r.path().equals("/") ? Response.json(200, land) : Response.json(200, big));
    StacApiClient c = StacApiClient.builder(server.uri()).maxResponseBytes(64 * 1024).build();
    assertThatThrownBy(() -> ids(c.search(ItemSearch.builder().build())))
        .isInstanceOf(StacApiException.class)
        .hasMessageContaining("exceeds the limit of 65536 bytes");
  }

  @Test
  void aNextLinkToAnotherSchemeIsRefused() {
    StacApiClient c =
        open(
            r ->
                Response.json(
                    200, page(List.of("a"), "{\"rel\":\"next\",\"href\":\"file:///etc/passwd\"}")),
            true,
            "GET");
    assertThatThrownBy(() -> ids(c.search(ItemSearch.builder().build())))
        .isInstanceOf(StacApiException.class)
        .hasMessageContaining("file:///etc/passwd")
        .hasMessageContaining("only http and https");
  }

  @Test
  void gzipResponsesAreDecoded() throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
      gz.write(page(List.of("g"), null).getBytes(StandardCharsets.UTF_8));
    }
    byte[] gz = bos.toByteArray();
    StacApiClient c =
        open(
            r ->
                new Response(
                    200,
                    Map.of("Content-Type", "application/geo+json", "Content-Encoding", "gzip"),
                    gz),
            true,
            "GET");
    assertThat(ids(c.search(ItemSearch.builder().build()))).containsExactly("g");
    assertThat(server.requests("/search").get(0).header("accept-encoding")).contains("gzip");
  }

  @Test
  void hooksSeeEveryRequestAndResponse() {
    String land = landing(true, "GET");
    server.handler(
        r ->
            r.path().equals("/")
                ? Response.json(200, land)
                : Response.json(
                    200,
                    page(List.of("h"), null)
                        .replace(
                            "\"assets\":{}", "\"assets\":{\"d\":{\"href\":\"https://x/a.tif\"}}")));
    StacApiClient c =
        StacApiClient.builder(server.uri())
            .header("Authorization", Secret.of("Bearer s3cret"))
            .requestHook(req -> req.header("X-Signed", req.method() + " " + req.uri().getPath()))
            .responseHook(
                (uri, doc) ->
                    doc.path("features")
                        .forEach(
                            f ->
                                f.path("assets")
                                    .forEach(
                                        a ->
                                            ((com.fasterxml.jackson.databind.node.ObjectNode) a)
                                                .put("href", a.get("href").asText() + "?sig=1"))))
            .build();
    Item item = c.search(ItemSearch.builder().build()).items().findFirst().orElseThrow();
    assertThat(item.asset("d").orElseThrow().href()).isEqualTo("https://x/a.tif?sig=1");
    Request s = server.requests("/search").get(0);
    assertThat(s.header("authorization")).isEqualTo("Bearer s3cret");
    assertThat(s.header("x-signed")).isEqualTo("GET /search");
    assertThat(c.toString()).doesNotContain("s3cret");
  }

  @Test
  void aMissingCollectionIsEmptyAndTheQueryStringOfTheDataLinkIsKept() {
    String land =
        landing(true, "GET")
            .replace(
                "\"links\":[",
                "\"links\":[{\"rel\":\"data\",\"href\":\""
                    + server.uri()
                    + "collections?f=json\"},");
    server.handler(
        r -> {
          if (r.path().equals("/")) {
            return Response.json(200, land);
          }
          return Response.json(
              404, "{\"code\":\"NotFound\",\"description\":\"no such collection\"}");
        });
    StacApiClient c = StacApiClient.open(server.uri());
    assertThat(c.collection("foo")).isEmpty();
    assertThat(server.requests("/collections/foo").get(0).uri().getQuery()).isEqualTo("f=json");
  }
}
