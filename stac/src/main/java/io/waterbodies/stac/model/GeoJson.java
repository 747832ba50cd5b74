package io.waterbodies.stac.model;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.geo.Bbox;
import io.waterbodies.core.json.Json;
import java.math.BigDecimal;

/** Small GeoJSON helpers for building Items. */
public final class GeoJson {
  private GeoJson() {}

  /**
   * The GeoJSON Polygon of a box's 2D footprint, counter-clockwise. A box crossing the antimeridian
   * gives a polygon whose west edge is greater than its east edge, as given.
   */
  public static ObjectNode polygon(Bbox bbox) {
    double w = bbox.west();
    double s = bbox.south();
    double e = bbox.east();
    double n = bbox.north();
    ObjectNode g = Json.object();
    g.put("type", "Polygon");
    ArrayNode ring = g.putArray("coordinates").addArray();
    double[][] corners = {{w, s}, {e, s}, {e, n}, {w, n}, {w, s}};
    for (double[] c : corners) {
      ring.addArray().add(BigDecimal.valueOf(c[0])).add(BigDecimal.valueOf(c[1]));
    }
    return g;
  }
}
