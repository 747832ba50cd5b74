package io.waterbodies.stac.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.geo.Bbox;
import io.waterbodies.core.json.Json;
import io.waterbodies.stac.server.internal.Intersects;
import io.waterbodies.stac.server.internal.Intersects.BoxRelation;
import io.waterbodies.stac.server.internal.PlanarGeometry;
import io.waterbodies.stac.server.internal.SpatialFilter;
import io.waterbodies.stac.testing.TestItems;
import java.time.Instant;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The shortcuts a search takes (deciding from the item's box, box queries holding the item) agree
 * with the plain geometric test, on random shapes of a coarse grid, where touching and collinear
 * cases are frequent.
 */
class SpatialShortcutsTest {
  static JsonNode json(String s) {
    return Json.parse(s.replace('\'', '"'), "geometry");
  }

  static PlanarGeometry g(String s) {
    return PlanarGeometry.parse(json(s));
  }

  static final String SQUARE_WITH_HOLE =
      "{'type':'Polygon','coordinates':[[[0,0],[10,0],[10,10],[0,10],[0,0]],"
          + "[[3,3],[7,3],[7,7],[3,7],[3,3]]]}";

  @Test
  void relateBoxes() {
    PlanarGeometry q = g(SQUARE_WITH_HOLE);
    assertThat(Intersects.relate(q, 1, 1, 2, 2)).isEqualTo(BoxRelation.INSIDE);
    assertThat(Intersects.relate(q, 4, 4, 6, 6)).isEqualTo(BoxRelation.OUTSIDE); // in the hole
    assertThat(Intersects.relate(q, 2, 2, 8, 8)).isEqualTo(BoxRelation.MEETS); // holds the hole
    assertThat(Intersects.relate(q, 10, 1, 11, 2)).isEqualTo(BoxRelation.MEETS); // touches
    assertThat(Intersects.relate(q, 11, 1, 12, 2)).isEqualTo(BoxRelation.OUTSIDE);
    assertThat(Intersects.relate(q, -1, -1, 11, 11)).isEqualTo(BoxRelation.MEETS); // holds it all
    PlanarGeometry triangle = g("{'type':'Polygon','coordinates':[[[0,0],[10,0],[10,10],[0,0]]]}");
    assertThat(Intersects.relate(triangle, 1, 8, 2, 9)).isEqualTo(BoxRelation.OUTSIDE);
    assertThat(Intersects.relate(triangle, 8, 1, 9, 2)).isEqualTo(BoxRelation.INSIDE);
    assertThat(Intersects.relate(triangle, 4, 4, 6, 6)).isEqualTo(BoxRelation.MEETS); // crossed
    PlanarGeometry line = g("{'type':'LineString','coordinates':[[0,0],[10,10]]}");
    assertThat(Intersects.relate(line, 4, 4.5, 5, 5.5)).isEqualTo(BoxRelation.MEETS);
    assertThat(Intersects.relate(line, 6, 0, 10, 4)).isEqualTo(BoxRelation.OUTSIDE);
    PlanarGeometry point = g("{'type':'Point','coordinates':[5,5]}");
    assertThat(Intersects.relate(point, 5, 5, 6, 6)).isEqualTo(BoxRelation.MEETS);
    assertThat(Intersects.relate(point, 5.5, 5, 6, 6)).isEqualTo(BoxRelation.OUTSIDE);
    // A U whose notch splits the box, touching it only at vertices on its edges: the corners are
    // all inside, yet the box is not.
    PlanarGeometry u =
        g(
            "{'type':'Polygon','coordinates':[[[0,-1],[10,-1],[10,11],[6,11],[6,10],[6,0],"
                + "[4,0],[4,10],[4,11],[0,11],[0,-1]]]}");
    assertThat(Intersects.relate(u, 2, 0, 8, 10)).isEqualTo(BoxRelation.MEETS);
  }

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
      PlanarGeometry itemGeometry = g(itemShape);
      for (int k = 0; k < 25; k++) {
        String queryShape = shape(r);
        PlanarGeometry query = g(queryShape);
        boolean expected = Intersects.test(itemGeometry, query);
        assertThat(Intersects.test(query, itemGeometry)).as("symmetric").isEqualTo(expected);
        assertThat(SpatialFilter.ofGeoJson(json(queryShape), "q").test(item))
            .as("item %s, query %s", itemShape, queryShape)
            .isEqualTo(expected);
        double w = r.nextInt(21) / 2.0;
        double s = r.nextInt(21) / 2.0;
        Bbox box = Bbox.of(w, s, w + r.nextInt(8) / 2.0, s + r.nextInt(8) / 2.0);
        boolean inBox = Intersects.test(itemGeometry, PlanarGeometry.ofBox(box));
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
}
