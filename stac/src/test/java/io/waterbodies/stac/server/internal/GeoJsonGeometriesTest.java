package io.waterbodies.stac.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.geo.Bbox;
import io.waterbodies.core.json.Json;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Location;

/**
 * GeoJSON parsing into JTS and the planar ST_Intersects predicate the server uses (a prepared query
 * geometry against item geometries).
 */
class GeoJsonGeometriesTest {
  /** Parses GeoJSON written with single quotes. */
  static Geometry g(String geojson) {
    return GeoJsonGeometries.parse(Json.parse(geojson.replace('\'', '"'), "test geometry"));
  }

  static String poly(String... rings) {
    return "{'type':'Polygon','coordinates':[" + String.join(",", rings) + "]}";
  }

  /** The server's test: the query prepared once, then intersected with an item's geometry. */
  static boolean test(Geometry query, Geometry item) {
    return SpatialFilter.intersects(query, item);
  }

  /** Asserts the predicate both ways round: it is symmetric. */
  static void intersects(String a, String b, boolean expected) {
    Geometry x = g(a);
    Geometry y = g(b);
    assertThat(test(x, y)).as("%s ∩ %s", a, b).isEqualTo(expected);
    assertThat(test(y, x)).as("%s ∩ %s", b, a).isEqualTo(expected);
  }

  static int locate(Geometry g, int part, double x, double y) {
    return new IndexedPointInAreaLocator(g.getGeometryN(part)).locate(new Coordinate(x, y));
  }

  // A thin band along the diagonal of [0,10]x[0,10]: most of its box is empty.
  static final String BAND = poly("[[0,0],[0.5,0],[10,9.5],[10,10],[9.5,10],[0,0.5],[0,0]]");
  static final String SQUARE_WITH_HOLE =
      poly("[[0,0],[10,0],[10,10],[0,10],[0,0]]", "[[3,3],[7,3],[7,7],[3,7],[3,3]]");
  static final String TRIANGLE = poly("[[0,0],[10,0],[10,10],[0,0]]");

  static String point(double x, double y) {
    return "{'type':'Point','coordinates':[" + x + "," + y + "]}";
  }

  static String line(String coords) {
    return "{'type':'LineString','coordinates':" + coords + "}";
  }

  @Test
  void pointAndPoint() {
    intersects(point(1, 2), point(1, 2), true);
    intersects(point(1, 2), point(1, 2.000001), false);
    intersects(point(1, 2), "{'type':'MultiPoint','coordinates':[[5,5],[1,2]]}", true);
    intersects(point(3, 3), "{'type':'MultiPoint','coordinates':[[0,0],[5,5]]}", false);
  }

  @Test
  void pointAndLine() {
    String diag = line("[[0,0],[0.3,0.3],[2,2]]");
    intersects(point(0.1, 0.1), diag, true); // inside a segment
    intersects(point(2, 2), diag, true); // end point
    intersects(point(0.3, 0.3), diag, true); // vertex
    intersects(point(1, 0), diag, false); // inside the line's box, off the line
    intersects(point(3, 3), diag, false); // on the supporting line, past the end
  }

  @Test
  void pointAndPolygon() {
    intersects(point(9, 1), TRIANGLE, true); // inside
    intersects(point(5, 0), TRIANGLE, true); // on an edge
    intersects(point(5, 5), TRIANGLE, true); // on the diagonal edge
    intersects(point(10, 10), TRIANGLE, true); // on a vertex
    intersects(point(1, 9), TRIANGLE, false); // in the box, outside
    intersects(point(5, 5), SQUARE_WITH_HOLE, false); // in the hole
    intersects(point(3, 5), SQUARE_WITH_HOLE, true); // on the hole's edge
    intersects(point(7, 7), SQUARE_WITH_HOLE, true); // on the hole's corner
    intersects(point(1, 5), SQUARE_WITH_HOLE, true); // between shell and hole
  }

  @Test
  void locateClassifiesEveryCase() {
    Geometry p = g(SQUARE_WITH_HOLE);
    assertThat(locate(p, 0, 1, 1)).isEqualTo(Location.INTERIOR);
    assertThat(locate(p, 0, 0, 4)).isEqualTo(Location.BOUNDARY);
    assertThat(locate(p, 0, 5, 3)).isEqualTo(Location.BOUNDARY);
    assertThat(locate(p, 0, 5, 5)).isEqualTo(Location.EXTERIOR);
    assertThat(locate(p, 0, 11, 5)).isEqualTo(Location.EXTERIOR);
    // The ray through a vertex must count the crossing once.
    Geometry diamond = g(poly("[[5,0],[10,5],[5,10],[0,5],[5,0]]"));
    assertThat(locate(diamond, 0, 2, 5)).isEqualTo(Location.INTERIOR);
    assertThat(locate(diamond, 0, -1, 5)).isEqualTo(Location.EXTERIOR);
    assertThat(locate(diamond, 0, -1, 10)).isEqualTo(Location.EXTERIOR);
    // The second polygon of a MultiPolygon, with its hole.
    Geometry two =
        g(
            "{'type':'MultiPolygon','coordinates':[[[[0,0],[1,0],[1,1],[0,0]]],"
                + "[[[20,0],[30,0],[30,10],[20,10],[20,0]],[[22,2],[28,2],[28,8],[22,8],[22,2]]]]}");
    assertThat(locate(two, 1, 21, 1)).isEqualTo(Location.INTERIOR);
    assertThat(locate(two, 1, 25, 5)).isEqualTo(Location.EXTERIOR);
    assertThat(locate(two, 1, 22, 5)).isEqualTo(Location.BOUNDARY);
    assertThat(GeoJsonGeometries.bounds(two)).isEqualTo(Bbox.of(0, 0, 30, 10));
  }

  @Test
  void lineAndLine() {
    String a = line("[[0,0],[10,10]]");
    intersects(a, line("[[0,10],[10,0]]"), true); // crossing
    intersects(a, line("[[5,5],[10,0]]"), true); // an end on the other line
    intersects(a, line("[[10,10],[20,0]]"), true); // end to end
    intersects(a, line("[[5,5],[20,20]]"), true); // collinear overlap
    intersects(a, line("[[11,11],[20,20]]"), false); // collinear, apart
    intersects(a, line("[[1,0],[10,9]]"), false); // parallel, boxes overlap
    intersects(a, line("[[6,0],[10,0],[10,4]]"), false); // inside the box, not touching
    intersects(
        "{'type':'MultiLineString','coordinates':[[[20,20],[30,30]],[[0,3],[3,0]]]}", a, true);
  }

  @Test
  void lineAndPolygon() {
    intersects(line("[[-1,5],[11,5]]"), BAND, true); // crossing
    intersects(line("[[4,4.2],[5,5.2]]"), BAND, true); // wholly inside, no edge crossed
    intersects(line("[[6,0],[10,0],[10,4]]"), BAND, false); // in the box, outside
    intersects(line("[[10,10],[12,12]]"), BAND, true); // touches a vertex
    intersects(line("[[4,3],[6,3]]"), SQUARE_WITH_HOLE, true); // along the hole's edge
    intersects(line("[[4,5],[6,5]]"), SQUARE_WITH_HOLE, false); // inside the hole
    intersects(line("[[4,5],[8,5]]"), SQUARE_WITH_HOLE, true); // out of the hole
  }

  @Test
  void polygonAndPolygon() {
    String small = poly("[[4,4.2],[5,4.2],[5,5.2],[4,5.2],[4,4.2]]");
    intersects(small, BAND, true); // band crosses it
    intersects(poly("[[1,1],[2,1],[2,2],[1,2],[1,1]]"), TRIANGLE, true); // shares an edge part
    intersects(poly("[[8,1],[9,1],[9,2],[8,2],[8,1]]"), TRIANGLE, true); // contained
    intersects(poly("[[-1,-1],[20,-1],[20,20],[-1,20],[-1,-1]]"), TRIANGLE, true); // contains
    intersects(poly("[[10,10],[11,10],[11,11],[10,11],[10,10]]"), TRIANGLE, true); // one vertex
    intersects(poly("[[6,0],[10,0],[10,4],[6,0]]"), BAND, false); // box corner, disjoint
    intersects(poly("[[4,4],[6,4],[6,6],[4,6],[4,4]]"), SQUARE_WITH_HOLE, false); // in the hole
    intersects(poly("[[3,4],[6,4],[6,6],[4,6],[3,4]]"), SQUARE_WITH_HOLE, true); // touches it
    // Two thin bands crossing each other's boxes in an X, not touching: the second is above the
    // first's upper edge everywhere.
    intersects(BAND, poly("[[0,2],[8,10],[7,10],[0,3],[0,2]]"), false);
  }

  @Test
  void lShapedMultiPolygon() {
    String ell =
        "{'type':'MultiPolygon','coordinates':["
            + "[[[20,0],[30,0],[30,2],[20,2],[20,0]]],"
            + "[[[20,2],[22,2],[22,10],[20,10],[20,2]]]]}";
    intersects(ell, poly("[[25,5],[29,5],[29,9],[25,9],[25,5]]"), false); // in the notch
    intersects(ell, poly("[[21,5],[23,5],[23,6],[21,6],[21,5]]"), true); // over one arm
    intersects(ell, point(22, 2), true); // the inner corner
    intersects(ell, line("[[24,4],[24,10]]"), false);
  }

  @Test
  void geometryCollections() {
    String gc =
        "{'type':'GeometryCollection','geometries':["
            + point(50, 50)
            + ","
            + line("[[0,0],[1,1]]")
            + ",{'type':'GeometryCollection','geometries':["
            + TRIANGLE
            + "]}]}";
    intersects(gc, point(50, 50), true);
    intersects(gc, point(9, 1), true); // via the nested triangle
    intersects(gc, point(1, 9), false);
    intersects(gc, "{'type':'GeometryCollection','geometries':[]}", false);
  }

  @Test
  void degenerateInputs() {
    // Zero-area polygon (all on one line) and zero-length segments still intersect what they
    // touch.
    String flat = poly("[[0,0],[5,5],[10,10],[0,0]]");
    intersects(flat, line("[[0,10],[10,0]]"), true);
    intersects(flat, point(2.5, 2.5), true);
    intersects(flat, point(2.5, 2.6), false);
    intersects(line("[[3,3],[3,3]]"), TRIANGLE, true);
    intersects(line("[[3,3],[3,3]]"), line("[[0,0],[6,6]]"), true);
    intersects(line("[[3,3],[3,3]]"), line("[[3,3.5],[3,3.5]]"), false);
    // Empty geometries intersect nothing.
    intersects("{'type':'MultiPolygon','coordinates':[]}", TRIANGLE, false);
    intersects("{'type':'Polygon','coordinates':[]}", point(0, 0), false);
  }

  @Test
  void boxesAreRectanglesAndMaySplitAtTheAntimeridian() {
    Geometry across = GeoJsonGeometries.box(Bbox.of(170, -10, -170, 10));
    assertThat(test(across, g(point(175, 0)))).isTrue();
    assertThat(test(across, g(point(-175, 0)))).isTrue();
    assertThat(test(across, g(point(0, 0)))).isFalse();
    assertThat(test(across, g(point(180, 10)))).isTrue(); // corner
    Geometry box = GeoJsonGeometries.box(Bbox.of(7, 0, 10, 3));
    assertThat(test(box, g(BAND))).isFalse();
    assertThat(test(GeoJsonGeometries.box(Bbox.of(4, 4, 6, 6)), g(BAND))).isTrue();
    // A point-sized box is a degenerate rectangle.
    assertThat(test(GeoJsonGeometries.box(Bbox.of(5, 5, 5, 5)), g(BAND))).isTrue();
    assertThat(test(GeoJsonGeometries.box(Bbox.of(9, 1, 9, 1)), g(BAND))).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "0,0, 10,10, 0,10, 1", // left of the line
    "0,0, 10,10, 10,0, -1",
    "0,0, 10,10, 5,5, 0",
    "0,0, 0,0, 5,5, 0" // degenerate line
  })
  void orientationSigns(double ax, double ay, double bx, double by, double cx, double cy, int s) {
    assertThat(orientation(ax, ay, bx, by, cx, cy)).isEqualTo(s);
  }

  @Test
  void orientationIsExactNearCollinearPoints() {
    // Kettner et al.'s classic failure case for naive double orientation: points a few ulps
    // off the line through (12, 12) and (24, 24).
    double u = Math.ulp(0.5);
    int disagreements = 0;
    for (int i = 0; i < 64; i++) {
      for (int j = 0; j < 64; j++) {
        double x = 0.5 + i * u;
        double y = 0.5 + j * u;
        int exact =
            new BigDecimal(12)
                .subtract(new BigDecimal(x))
                .multiply(new BigDecimal(24).subtract(new BigDecimal(y)))
                .subtract(
                    new BigDecimal(12)
                        .subtract(new BigDecimal(y))
                        .multiply(new BigDecimal(24).subtract(new BigDecimal(x))))
                .signum();
        assertThat(orientation(x, y, 12, 12, 24, 24)).isEqualTo(exact);
        double naive = (12 - x) * (24 - y) - (12 - y) * (24 - x);
        if (Math.signum(naive) != exact) {
          disagreements++;
        }
      }
    }
    assertThat(disagreements).as("the naive formula should fail here").isPositive();
  }

  /** Which side of the line a-b point c lies on (1 left, -1 right, 0 on it), as JTS decides. */
  static int orientation(double ax, double ay, double bx, double by, double cx, double cy) {
    return Orientation.index(
        new Coordinate(ax, ay), new Coordinate(bx, by), new Coordinate(cx, cy));
  }

  @Test
  void segmentsTouchingAtFractionalPoints() {
    // (0.1, 0.1) lies exactly on y = x even though 0.1 is not representable.
    intersects(line("[[0,0],[1,1]]"), line("[[0.1,0.1],[0.1,5]]"), true);
    intersects(line("[[0,0],[1,1]]"), line("[[0.1,0.2],[0.1,5]]"), false);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{'type':'Triangle','coordinates':[]}|unknown geometry type 'Triangle'",
        "{'coordinates':[0,0]}|no 'type'",
        "{'type':'Point','coordinates':['a',0]}|coordinates[0]: expected a number",
        "{'type':'Point','coordinates':[1e999,0]}|coordinates[0]: the number is not finite",
        "{'type':'Point','coordinates':[[0,0]]}|coordinates: expected a position",
        "{'type':'Point'}|coordinates: expected a position",
        "{'type':'LineString','coordinates':[[0,0]]}|at least 2 positions, got 1",
        "{'type':'Polygon','coordinates':[[0,0],[1,0],[1,1],[0,0]]}|coordinates[0]: expected a ring"
            + " (an array of positions), got [0,0]",
        "{'type':'Polygon','coordinates':[[[0,0],[1,0],[0,0]]]}|coordinates[0]: a ring needs at"
            + " least 4 positions, got 3",
        "{'type':'Polygon','coordinates':[[[0,0],[1,0],[1,1],[0,1]]]}|coordinates[0]: the ring is"
            + " not closed",
        "{'type':'MultiPolygon','coordinates':[[[[0,0],[1,0],[1,1],[0,0]]],[[[0,0],[1,0],[1,'x'],[0,0]]]]}"
            + "|coordinates[1][0][2][1]: expected a number",
        "{'type':'GeometryCollection','geometries':[{'type':'Point','coordinates':[0,0]},{'type':'Line'}]}"
            + "|geometries[1].type: unknown geometry type 'Line'",
        "{'type':'GeometryCollection'}|geometries: a GeometryCollection needs an array"
      })
  void invalidGeometriesNameTheProblemAndPlace(String geojson, String message) {
    assertThatThrownBy(() -> g(geojson))
        .isInstanceOf(GeoJsonGeometries.InvalidGeometryException.class)
        .hasMessageContaining(message);
  }

  @Test
  void nanIsRefused() {
    // Standard JSON cannot carry NaN, but a JsonNode built in code can.
    ObjectNode p = Json.object().put("type", "Point");
    ArrayNode c = p.putArray("coordinates");
    c.add(Double.NaN).add(0);
    assertThatThrownBy(() -> GeoJsonGeometries.parse(p))
        .isInstanceOf(GeoJsonGeometries.InvalidGeometryException.class)
        .hasMessage("coordinates[0]: the number is not finite");
  }

  @Test
  void boundsAndEmptiness() {
    assertThat(GeoJsonGeometries.bounds(g(BAND))).isEqualTo(Bbox.of(0, 0, 10, 10));
    assertThat(g("{'type':'MultiPoint','coordinates':[]}").isEmpty()).isTrue();
  }
}
