package io.waterbodies.stac.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.geo.Bbox;
import io.waterbodies.stac.model.Collection;
import io.waterbodies.stac.model.Item;
import io.waterbodies.stac.model.ItemCollection;
import io.waterbodies.stac.model.Link;
import io.waterbodies.stac.server.InMemoryStacStore;
import io.waterbodies.stac.server.StacApiServer;
import io.waterbodies.stac.testing.TestItems;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The client against the embedded server over real HTTP on loopback. */
class ClientServerTest {
  static StacApiServer server;
  static StacApiClient client;
  static final Instant T0 = Instant.parse("2021-01-01T00:00:00Z");

  @BeforeAll
  static void start() {
    InMemoryStacStore store = new InMemoryStacStore();
    store.createCollection(TestItems.collection("lakes"));
    store.createCollection(Collection.fromJson(TestItems.collection("rivers")));
    List<ObjectNode> lakes = new ArrayList<>();
    for (int i = 0; i < 95; i++) {
      // One item a day; longitudes from -10 to 8.8.
      lakes.add(
          TestItems.item(
              String.format("lake-%03d", i), -10 + i * 0.2, 45, T0.plusSeconds(86400L * i)));
    }
    store.putItems("lakes", lakes);
    store.putItems(
        "rivers",
        List.of(
            TestItems.item("river-a", 179.5, 0, T0),
            TestItems.item("river-b", -179.5, 0, T0),
            TestItems.item("river-c", 0, 0, T0)));
    store.createItem("rivers", Item.fromJson(TestItems.item("river-d", 90, 80, T0)));
    server = StacApiServer.builder().store(store).port(0).allowWritesWithoutToken().build().start();
    client = StacApiClient.open(server.uri());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static List<String> ids(SearchResults r) {
    return r.itemsAsJson().map(i -> i.get("id").asText()).collect(Collectors.toList());
  }

  @Test
  void landingPageAndConformance() {
    assertThat(client.conformsTo(ConformanceClass.ITEM_SEARCH)).isTrue();
    assertThat(client.conformsTo(ConformanceClass.TRANSACTION)).isTrue();
    assertThat(client.conformsTo(ConformanceClass.FILTER)).isTrue();
    assertThat(client.conformance()).contains("https://api.stacspec.org/v1.0.0/core");
    assertThat(client.collectionsAsJson().map(c -> c.get("id").asText()))
        .containsExactly("lakes", "rivers");
    assertThat(client.collectionAsJson("lakes")).isPresent();
    assertThat(client.collectionAsJson("nope")).isEmpty();
    assertThat(client.itemAsJson("lakes", "lake-007"))
        .get()
        .extracting(i -> i.get("id").asText())
        .isEqualTo("lake-007");
    assertThat(client.itemAsJson("lakes", "nope")).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(RequestMethod.class)
  void pagesThroughEverythingWithSmallPages(RequestMethod method) {
    SearchResults r =
        client.search(ItemSearch.builder().collections("lakes").limit(7).method(method).build());
    List<String> ids = ids(r);
    assertThat(ids).hasSize(95).doesNotHaveDuplicates().isSorted();
    assertThat(r.matched()).hasValue(95);
    assertThat(r.pagesAsJson().count()).isEqualTo(14); // 13 full pages of 7 and one of 4
  }

  @ParameterizedTest
  @EnumSource(RequestMethod.class)
  void maxItemsCapsTheTotalAcrossPages(RequestMethod method) {
    SearchResults r =
        client.search(ItemSearch.builder().limit(10).maxItems(25).method(method).build());
    assertThat(ids(r)).hasSize(25);
    assertThat(r.pagesAsJson().count()).isEqualTo(3);
  }

  @ParameterizedTest
  @EnumSource(RequestMethod.class)
  void bboxDatetimeAndIds(RequestMethod method) {
    // lon -10 + 0.2 i in [0, 1] => i in 50..55; days 50..52 only
    ItemSearch s =
        ItemSearch.builder()
            .bbox(Bbox.of(-0.01, 44, 1.01, 46))
            .datetime("2021-02-20/2021-02-22")
            .method(method)
            .build();
    assertThat(ids(client.search(s))).containsExactly("lake-050", "lake-051", "lake-052");
    ItemSearch byIds = ItemSearch.builder().ids("lake-003", "river-b").method(method).build();
    assertThat(ids(client.search(byIds))).containsExactly("lake-003", "river-b");
  }

  @ParameterizedTest
  @EnumSource(RequestMethod.class)
  void antimeridianBoxIsKept(RequestMethod method) {
    ItemSearch s =
        ItemSearch.builder().collections("rivers").bbox(179, -1, -179, 1).method(method).build();
    assertThat(ids(client.search(s))).containsExactly("river-a", "river-b");
    assertThat(client.item("rivers", "river-d")).isPresent();
  }

  @ParameterizedTest
  @EnumSource(RequestMethod.class)
  void sortAndFilter(RequestMethod method) {
    ItemSearch s =
        ItemSearch.builder()
            .collections("lakes")
            .sortBy("-properties.datetime")
            .filter("datetime >= TIMESTAMP('2021-04-01T00:00:00Z') AND id <> 'lake-094'")
            .limit(2)
            .method(method)
            .build();
    // Days 90..94 are on/after April 1st; without 094, newest first.
    assertThat(ids(client.search(s)))
        .containsExactly("lake-093", "lake-092", "lake-091", "lake-090");
  }

  @Test
  void intersectsUsesGeometry() {
    ItemSearch s =
        ItemSearch.builder()
            .intersects(
                "{\"type\":\"Polygon\",\"coordinates\":[[[-0.5,-0.5],[0.5,-0.5],[0.5,0.5],[-0.5,0.5],[-0.5,-0.5]]]}")
            .build();
    assertThat(ids(client.search(s))).containsExactly("river-c");
  }

  @Test
  void collectionItemsListing() {
    SearchResults r = client.collectionItems("lakes", ItemSearch.builder().limit(50).build());
    assertThat(ids(r)).hasSize(95);
    assertThat(r.matched()).hasValue(95);
  }

  @Test
  void transactionsRoundTrip() {
    StacTransactions tx = client.transactions();
    Collection results = Collection.fromJson(TestItems.collection("results"));
    tx.createCollection(results);
    assertThatThrownBy(() -> tx.createCollection(results))
        .isInstanceOf(StacApiConflictException.class)
        .hasMessageContaining("409");
    Item item = Item.fromJson(TestItems.item("water-1", 3, 4, T0));
    Item created = tx.createItem("results", item);
    assertThat(created.collection()).hasValue("results");
    assertThat(created.links()).extracting(Link::rel).contains("self", "parent", "root");
    assertThatThrownBy(() -> tx.createItem("results", item))
        .isInstanceOf(StacApiConflictException.class);
    Item changed = created.toBuilder().property("water:area", 12.5).build();
    tx.updateItem(changed);
    assertThat(client.item("results", "water-1").orElseThrow().properties().field("water:area"))
        .hasValueSatisfying(v -> assertThat(v.asDouble()).isEqualTo(12.5));
    assertThat(ids(client.search(ItemSearch.builder().collections("results").build())))
        .containsExactly("water-1");
    tx.deleteItem("results", "water-1");
    assertThat(client.item("results", "water-1")).isEmpty();
    assertThatThrownBy(() -> tx.deleteItem("results", "water-1"))
        .isInstanceOf(StacApiNotFoundException.class);
    Collection updated = results.toBuilder().title("Results").build();
    tx.updateCollection(updated);
    assertThat(client.collection("results").orElseThrow().title()).hasValue("Results");
    tx.deleteCollection("results");
    assertThat(client.collection("results")).isEmpty();
    assertThatThrownBy(() -> tx.updateCollection(updated))
        .isInstanceOf(StacApiNotFoundException.class);
  }

  @Test
  void concurrentSearchesWhileWritingSeeConsistentPages() throws Exception {
    StacTransactions tx = client.transactions();
    tx.createCollection(Collection.fromJson(TestItems.collection("busy")));
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<Long>> readers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        readers.add(
            pool.submit(
                () ->
                    client
                        .search(ItemSearch.builder().collections("lakes").limit(9).build())
                        .items()
                        .count()));
      }
      for (int i = 0; i < 40; i++) {
        tx.createItem("busy", Item.fromJson(TestItems.item("b" + i, 0, 0, T0)));
      }
      for (java.util.concurrent.Future<Long> f : readers) {
        assertThat(f.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(95L);
      }
      assertThat(client.search(ItemSearch.builder().collections("busy").build()).matched())
          .hasValue(40);
    } finally {
      pool.shutdownNow();
      tx.deleteCollection("busy");
    }
  }

  @Test
  void modelResults() {
    SearchResults r = client.search(ItemSearch.builder().collections("lakes").limit(40).build());
    assertThat(r.items().map(Item::id)).hasSize(95).startsWith("lake-000", "lake-001");
    assertThat(r.pages().map(p -> p.items().size())).containsExactly(40, 40, 15);
    assertThat(r.pages().findFirst().orElseThrow().numberMatched()).hasValue(95);
    ItemCollection all = r.itemCollection();
    assertThat(all.items()).hasSize(95);
    assertThat(all.numberMatched()).hasValue(95);
    assertThat(all.numberReturned()).hasValue(95);
    Item first = r.items().findFirst().orElseThrow();
    assertThat(first.location()).hasValue(server.uri().resolve("collections/lakes/items/lake-000"));
    assertThat(first.datetime()).hasValue(T0);
    assertThat(client.collections().map(Collection::id)).containsExactly("lakes", "rivers");
  }

  @Test
  void badRequestsAreTypedErrorsWithTheServerDescription() {
    ItemSearch bad =
        ItemSearch.builder().filter("datetime >>> 3").method(RequestMethod.GET).build();
    assertThatThrownBy(() -> ids(client.search(bad)))
        .isInstanceOf(StacApiException.class)
        .hasMessageContaining("HTTP 400")
        .hasMessageContaining("cql2-text");
  }
}
