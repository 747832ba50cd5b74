package io.waterbodies.stac.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.geo.Bbox;
import io.waterbodies.core.json.Json;
import io.waterbodies.stac.server.internal.SpatialFilter;
import io.waterbodies.stac.testing.TestItems;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How a stored item's geometry takes part in spatial matching. */
class StoredItemGeometryTest {
  static final Instant T = Instant.parse("2021-06-01T00:00:00Z");

  static StoredItem withGeometry(String geometry, double... bbox) {
    ObjectNode it = TestItems.item("x", 0, 0, T);
    it.set("geometry", Json.parse(geometry.replace('\'', '"'), "geometry"));
    it.remove("bbox");
    if (bbox.length > 0) {
      it.putArray("bbox").add(bbox[0]).add(bbox[1]).add(bbox[2]).add(bbox[3]);
    }
    return StoredItem.of("c", it);
  }

  @Test
  void nullOrEmptyGeometryNeverMatches() {
    ObjectNode it = TestItems.item("x", 0, 0, T);
    it.putNull("geometry");
    StoredItem s = StoredItem.of("c", it); // keeps its bbox [0,0,0,0]
    assertThat(s.intersects(Bbox.of(-1, -1, 1, 1))).as("box prefilter").isTrue();
    assertThat(SpatialFilter.ofBox(Bbox.of(-1, -1, 1, 1)).test(s)).isFalse();
    StoredItem empty = withGeometry("{'type':'MultiPolygon','coordinates':[]}", 0, 0, 1, 1);
    assertThat(SpatialFilter.ofBox(Bbox.of(-1, -1, 1, 1)).test(empty)).isFalse();
  }

  @Test
  void anInvalidStoredGeometryIsMatchedByItsBbox() {
    // Stores do not validate items; an unclosed ring falls back to the item's box.
    StoredItem s =
        withGeometry(
            "{'type':'Polygon','coordinates':[[[0,0],[10,0],[10,10],[0,0.5]]]}", 0, 0, 10, 10);
    assertThat(SpatialFilter.ofBox(Bbox.of(1, 8, 2, 9)).test(s)).isTrue();
    assertThat(SpatialFilter.ofBox(Bbox.of(11, 8, 12, 9)).test(s)).isFalse();
  }

  @Test
  void aBboxThatDoesNotHoldTheGeometryIsNotTrustedToAccept() {
    // The item's bbox claims [0,0,1,1] but its footprint is at [5,5,6,6]: a query box holding
    // the claimed bbox passes the prefilter, and the geometry then says no.
    StoredItem s =
        withGeometry(
            "{'type':'Polygon','coordinates':[[[5,5],[6,5],[6,6],[5,6],[5,5]]]}", 0, 0, 1, 1);
    assertThat(SpatialFilter.ofBox(Bbox.of(-1, -1, 2, 2)).test(s)).isFalse();
    StoredItem honest =
        withGeometry(
            "{'type':'Polygon','coordinates':[[[5,5],[6,5],[6,6],[5,6],[5,5]]]}", 5, 5, 6, 6);
    assertThat(SpatialFilter.ofBox(Bbox.of(4, 4, 7, 7)).test(honest)).isTrue();
    assertThat(SpatialFilter.ofBox(Bbox.of(6, 6, 7, 7)).test(honest)).isTrue(); // corner
  }

  @Test
  void theGeometryIsTestedAfterTheBox() {
    StoredItem s = withGeometry("{'type':'LineString','coordinates':[[0,0],[10,10]]}");
    assertThat(s.bbox()).contains(Bbox.of(0, 0, 10, 10));
    assertThat(SpatialFilter.ofBox(Bbox.of(6, 0, 10, 4)).test(s)).isFalse();
    assertThat(SpatialFilter.ofBox(Bbox.of(4, 0, 10, 4)).test(s)).isTrue(); // touches (4,4)
    assertThat(s.document().get("geometry").get("type").asText()).isEqualTo("LineString");
  }

  @Test
  void selfIntersectingAndOverlappingGeometriesAreSearchedPartByPart() {
    // A bow tie (invalid: its ring crosses itself) and a MultiPolygon whose polygons overlap:
    // stores keep them, and searches must neither fail nor lose what lies in one of the parts.
    StoredItem bowTie =
        withGeometry("{'type':'Polygon','coordinates':[[[0,0],[10,10],[10,0],[0,10],[0,0]]]}");
    assertThat(SpatialFilter.ofBox(Bbox.of(1, 4, 2, 6)).test(bowTie)).isTrue(); // left lobe
    assertThat(SpatialFilter.ofBox(Bbox.of(4, 8, 6, 9)).test(bowTie)).isFalse(); // above the knot
    StoredItem overlapping =
        withGeometry(
            "{'type':'MultiPolygon','coordinates':[[[[0,0],[6,0],[6,6],[0,6],[0,0]]],"
                + "[[[4,4],[10,4],[10,10],[4,10],[4,4]]]]}");
    // Inside both polygons: an even-odd rule over all rings would call this outside.
    assertThat(
            SpatialFilter.ofGeoJson(
                    Json.parse("{\"type\":\"Point\",\"coordinates\":[5,5]}", "q"), "q")
                .test(overlapping))
        .isTrue();
  }
}
