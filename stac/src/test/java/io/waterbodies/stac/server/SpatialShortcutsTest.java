package io.waterbodies.stac.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.geo.Bbox;
import io.waterbodies.core.json.Json;
import io.waterbodies.stac.server.internal.GeoJsonGeometries;
import io.waterbodies.stac.server.internal.SpatialFilter;
import io.waterbodies.stac.testing.TestItems;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.operation.relateng.RelateNG;
import org.locationtech.jts.operation.relateng.RelatePredicate;

/**
 * The shortcuts a search takes (a prepared query geometry, box queries holding the item's box, the
 * store's spatial index) agree with the plain geometric test, on random shapes of a coarse grid,
 * where touching and collinear cases are frequent.
 */
class SpatialShortcutsTest {
  static JsonNode json(String s) {
    return Json.parse(s.replace('\'', '"'), "geometry");
  }

  static Geometry g(String s) {
    return GeoJsonGeometries.parse(json(s));
  }

  static final String SQUARE_WITH_HOLE =
      "{'type':'Polygon','coordinates':[[[0,0],[10,0],[10,10],[0,10],[0,0]],"
          + "[[3,3],[7,3],[7,7],[3,7],[3,3]]]}";

  static String ring(Random r, int n) {
    StringBuilder sb = new StringBuilder("[");
    String first = null;
    for (int i = 0; i < n; i++) {
      String p = pos(r);
      first = first == null ? p : first;
      sb.append(p).append(',');
    }
    return sb.append(first).append(']').toString();
  }

  /** Grid positions in halves, so that shapes often touch, share edges or are collinear. */
  static String pos(Random r) {
    return String.format(Locale.ROOT, "[%s,%s]", r.nextInt(21) / 2.0, r.nextInt(21) / 2.0);
  }

  static String shape(Random r) {
    switch (r.nextInt(6)) {
      case 0:
        return "{'type':'Point','coordinates':" + pos(r) + "}";
      case 1:
        return "{'type':'LineString','coordinates':[" + pos(r) + "," + pos(r) + "," + pos(r) + "]}";
      case 2:
        return "{'type':'MultiPolygon','coordinates':[[" + ring(r, 3) + "],[" + ring(r, 4) + "]]}";
      default:
        {
          // A small square, maybe with a smaller square hole in it.
          double x = r.nextInt(17) / 2.0;
          double y = r.nextInt(17) / 2.0;
          double s = 1 + r.nextInt(4) / 2.0;
          String shell = square(x, y, s);
          return r.nextBoolean()
              ? "{'type':'Polygon','coordinates':[" + ring(r, 3 + r.nextInt(3)) + "]}"
              : "{'type':'Polygon','coordinates':["
                  + shell
                  + ","
                  + square(x + s / 4, y + s / 4, s / 2)
                  + "]}";
        }
    }
  }

  static String square(double x, double y, double s) {
    return String.format(
        Locale.ROOT,
        "[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]",
        x,
        y,
        x + s,
        y,
        x + s,
        y + s,
        x,
        y + s,
        x,
        y);
  }

  /** Unprepared, part by part, no box shortcuts. */
  static boolean plainIntersects(Geometry a, Geometry b) {
    for (Geometry x : GeoJsonGeometries.parts(a)) {
      for (Geometry y : GeoJsonGeometries.parts(b)) {
        if (RelateNG.relate(x, y, RelatePredicate.intersects())) {
          return true;
        }
      }
    }
    return false;
  }

  @Test
  void shortcutsAgreeWithThePlainTest() {
    Random r = new Random(20240611);
    int checked = 0;
    int matched = 0;
    for (int i = 0; i < 400; i++) {
      String itemShape = shape(r);
      ObjectNode it = TestItems.item("x", 0, 0, Instant.EPOCH);
      it.set("geometry", json(itemShape));
      it.remove("bbox");
      StoredItem item = StoredItem.of("c", it);
      Geometry itemGeometry = g(itemShape);
      for (int k = 0; k < 25; k++) {
        String queryShape = shape(r);
        Geometry query = g(queryShape);
        boolean expected = plainIntersects(itemGeometry, query);
        assertThat(plainIntersects(query, itemGeometry)).as("symmetric").isEqualTo(expected);
        assertThat(SpatialFilter.ofGeoJson(json(queryShape), "q").test(item))
            .as("item %s, query %s", itemShape, queryShape)
            .isEqualTo(expected);
        double w = r.nextInt(21) / 2.0;
        double s = r.nextInt(21) / 2.0;
        Bbox box = Bbox.of(w, s, w + r.nextInt(8) / 2.0, s + r.nextInt(8) / 2.0);
        boolean inBox = plainIntersects(itemGeometry, GeoJsonGeometries.box(box));
        assertThat(SpatialFilter.ofBox(box).test(item))
            .as("item %s, box %s", itemShape, box)
            .isEqualTo(inBox);
        checked += 2;
        matched += (expected ? 1 : 0) + (inBox ? 1 : 0);
      }
    }
    // Both outcomes are well represented.
    assertThat(matched).isBetween(checked / 10, checked - checked / 10);
  }

  @Test
  void theSpatialIndexReturnsWhatAScanReturns() {
    Random r = new Random(20261203);
    InMemoryStacStore store = new InMemoryStacStore();
    store.createCollection(TestItems.collection("c"));
    List<ObjectNode> items = new ArrayList<>();
    for (int i = 0; i < 3 * InMemoryStacStore.INDEX_FROM; i++) {
      // Items all over the globe, some crossing the antimeridian (west > east), some points.
      double w = -180 + r.nextInt(720) / 2.0;
      double s = -90 + r.nextInt(340) / 2.0;
      double e = w + r.nextInt(20) / 2.0;
      e = e > 180 ? e - 360 : e;
      ObjectNode it = TestItems.item(String.format(Locale.ROOT, "i%05d", i), w, s, Instant.EPOCH);
      it.putArray("bbox").add(w).add(s).add(e).add(s + r.nextInt(10) / 2.0);
      items.add(it);
    }
    store.putItems("c", items);
    int nonEmpty = 0;
    for (int k = 0; k < 500; k++) {
      double w = -180 + r.nextInt(720) / 2.0;
      double s = -90 + r.nextInt(340) / 2.0;
      double e = w + r.nextInt(24) / 2.0;
      Bbox box = Bbox.of(w, s, e > 180 ? e - 360 : e, Math.min(90, s + r.nextInt(12) / 2.0));
      List<StoredItem> indexed = store.items("c", box);
      assertThat(indexed)
          .as("box %s", box)
          .containsExactlyElementsOf(StacStore.overlapping(store.items("c"), box));
      nonEmpty += indexed.isEmpty() ? 0 : 1;
    }
    assertThat(nonEmpty).as("queries with results").isBetween(25, 475);
  }
}
