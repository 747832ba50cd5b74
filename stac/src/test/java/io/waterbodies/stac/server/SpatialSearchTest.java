package io.waterbodies.stac.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.stac.testing.TestItems;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Spatial searches over HTTP match item geometries exactly, not their boxes: a thin diagonal band
 * and an L-shaped MultiPolygon are found only by queries that touch them.
 */
class SpatialSearchTest {
  static StacApiServer server;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final Instant T0 = Instant.parse("2021-06-01T00:00:00Z");

  /** Overlaps the band's box [0,0,10,10] in its lower right corner, away from the band. */
  static final String CORNER = "{'type':'Polygon','coordinates':[[[6,0],[10,0],[10,4],[6,0]]]}";

  /** A horizontal strip across the band. */
  static final String STRIP =
      "{'type':'Polygon','coordinates':[[[-1,5],[11,5],[11,6],[-1,6],[-1,5]]]}";

  record Answer(int status, JsonNode body) {}

  @BeforeAll
  static void start() {
    InMemoryStacStore store = new InMemoryStacStore();
    store.createCollection(TestItems.collection("c"));
    List<ObjectNode> items = new ArrayList<>();
    items.add(
        item(
            "band",
            "{'type':'Polygon','coordinates':[[[0,0],[0.5,0],[10,9.5],[10,10],[9.5,10],[0,0.5],[0,0]]]}"));
    items.add(
        item(
            "ell",
            "{'type':'MultiPolygon','coordinates':["
                + "[[[20,0],[30,0],[30,2],[20,2],[20,0]]],"
                + "[[[20,2],[22,2],[22,10],[20,10],[20,2]]]]}"));
    // The STAC API spec: an item without a geometry never matches a spatial query, whatever its
    // bbox says.
    ObjectNode noGeometry = TestItems.item("no-geometry", 0, 0, T0);
    noGeometry.putNull("geometry");
    noGeometry.putArray("bbox").add(-180).add(-90).add(180).add(90);
    items.add(noGeometry);
    items.add(
        item(
            "fiji",
            "{'type':'MultiPolygon','coordinates':["
                + "[[[178,-18],[180,-18],[180,-16],[178,-16],[178,-18]]],"
                + "[[[-180,-18],[-179,-18],[-179,-16],[-180,-16],[-180,-18]]]]}"));
    store.putItems("c", items);
    server = StacApiServer.builder().store(store).build().start();
  }

  static ObjectNode item(String id, String geometry) {
    ObjectNode it = TestItems.item(id, 0, 0, T0);
    JsonNode g = Json.parse(geometry.replace('\'', '"'), "geometry");
    it.set("geometry", g);
    it.remove("bbox"); // worked out from the geometry by the store
    return it;
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Answer get(String query) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(server.uri().resolve("/search?" + query)).GET());
  }

  static Answer post(String body) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(server.uri().resolve("/search"))
            .POST(HttpRequest.BodyPublishers.ofString(body.replace('\'', '"')))
            .header("Content-Type", "application/json"));
  }

  static Answer send(HttpRequest.Builder b) throws IOException, InterruptedException {
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), Json.parse(r.body(), "response"));
  }

  static String enc(String json) {
    return URLEncoder.encode(json.replace('\'', '"'), StandardCharsets.UTF_8);
  }

  static List<String> ids(Answer a) {
    assertThat(a.status()).as("%s", a.body()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    a.body().path("features").forEach(f -> out.add(f.get("id").asText()));
    assertThat(a.body().path("numberMatched").asLong()).isEqualTo(out.size());
    return out;
  }

  @Test
  void getBboxTestsTheGeometry() throws Exception {
    assertThat(ids(get("bbox=7,0,10,3"))).isEmpty(); // inside the band's box only
    assertThat(ids(get("bbox=4,4,6,6"))).containsExactly("band");
    assertThat(ids(get("bbox=10,10,11,11"))).containsExactly("band"); // touches a corner
    assertThat(ids(get("bbox=25,5,29,9"))).isEmpty(); // the notch of the L
    assertThat(ids(get("bbox=21,5,23,6"))).containsExactly("ell");
    assertThat(ids(get("bbox=-180,-90,180,90"))).containsExactly("band", "ell", "fiji");
  }

  @Test
  void bboxAcrossTheAntimeridianIsSplit() throws Exception {
    assertThat(ids(get("bbox=179,-17,-179.5,-16.5"))).containsExactly("fiji");
    assertThat(ids(get("bbox=179.5,-20,-179.5,-19"))).isEmpty();
    assertThat(ids(get("bbox=170,-5,-170,15"))).isEmpty();
  }

  @Test
  void getIntersects() throws Exception {
    assertThat(ids(get("intersects=" + enc(CORNER)))).isEmpty();
    assertThat(ids(get("intersects=" + enc(STRIP)))).containsExactly("band");
  }

  @Test
  void postIntersects() throws Exception {
    assertThat(ids(post("{'intersects':" + CORNER + "}"))).isEmpty();
    assertThat(ids(post("{'intersects':" + STRIP + "}"))).containsExactly("band");
    String notch = "{'type':'Point','coordinates':[25,5]}";
    assertThat(ids(post("{'intersects':" + notch + "}"))).isEmpty();
    String innerCorner = "{'type':'Point','coordinates':[22,2]}";
    assertThat(ids(post("{'intersects':" + innerCorner + "}"))).containsExactly("ell");
    String across = "{'type':'LineString','coordinates':[[-5,7],[25,7]]}";
    assertThat(ids(post("{'intersects':" + across + "}"))).containsExactly("band", "ell");
  }

  @Test
  void cql2SIntersects() throws Exception {
    String json = "{'op':'s_intersects','args':[{'property':'geometry'},%s]}";
    assertThat(ids(post("{'filter':" + json.formatted(CORNER) + "}"))).isEmpty();
    assertThat(ids(post("{'filter':" + json.formatted(STRIP) + "}"))).containsExactly("band");
    assertThat(
            ids(get("filter-lang=cql2-json&filter=" + enc(json.formatted("{'bbox':[25,5,29,9]}")))))
        .isEmpty();
    assertThat(ids(get("filter=" + enc("S_INTERSECTS(geometry, BBOX(7, 0, 10, 3))")))).isEmpty();
    assertThat(ids(get("filter=" + enc("S_INTERSECTS(geometry, BBOX(4, 4, 6, 6))"))))
        .containsExactly("band");
    assertThat(ids(get("filter=" + enc("S_INTERSECTS(geometry, BBOX(-180, -90, 180, 90))"))))
        .containsExactly("band", "ell", "fiji");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{'type':'Blob','coordinates':[0,0]}|unknown geometry type 'Blob'",
        "{'type':'Polygon','coordinates':[[0,0],[1,0],[1,1],[0,0]]}|coordinates[0]: expected a ring",
        "{'type':'Polygon','coordinates':[[[0,0],[1,0],[1,1],[0,1]]]}|coordinates[0]: the ring is"
            + " not closed",
        "{'type':'Polygon','coordinates':[[[0,0],[1,0],[0,0]]]}|at least 4 positions, got 3",
        "{'type':'Point','coordinates':['x',0]}|coordinates[0]: expected a number",
        "{'type':'Point','coordinates':[1e999,0]}|the number is not finite",
        "{'type':'MultiPoint','coordinates':[]}|has no coordinates"
      })
  void badGeometriesAre400(String geometry, String message) throws Exception {
    for (Answer a :
        List.of(
            post("{'intersects':" + geometry + "}"),
            get("intersects=" + enc(geometry)),
            post(
                "{'filter':{'op':'s_intersects','args':[{'property':'geometry'},"
                    + geometry
                    + "]}}"))) {
      assertThat(a.status()).as("%s", a.body()).isEqualTo(400);
      assertThat(a.body().path("code").asText()).isEqualTo("BadRequest");
      assertThat(a.body().path("description").asText()).contains(message);
    }
  }
}
