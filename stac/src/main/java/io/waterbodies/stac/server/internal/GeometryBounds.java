package io.waterbodies.stac.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.waterbodies.core.geo.Bbox;
import java.util.Optional;

/** The 2D bounding box of a GeoJSON geometry, from all its coordinates. */
public final class GeometryBounds {
  private double minX = Double.POSITIVE_INFINITY;
  private double minY = Double.POSITIVE_INFINITY;
  private double maxX = Double.NEGATIVE_INFINITY;
  private double maxY = Double.NEGATIVE_INFINITY;

  private GeometryBounds() {}

  /** The box, empty for a missing, null or coordinate-less geometry. */
  public static Optional<Bbox> of(JsonNode geometry) {
    if (geometry == null || !geometry.isObject()) {
      return Optional.empty();
    }
    GeometryBounds g = new GeometryBounds();
    g.visit(geometry);
    if (g.minX > g.maxX || g.minY > g.maxY) {
      return Optional.empty();
    }
    return Optional.of(Bbox.of(g.minX, g.minY, g.maxX, g.maxY));
  }

  private void visit(JsonNode geometry) {
    if (geometry.has("geometries")) {
      geometry.get("geometries").forEach(this::visit);
    } else {
      coords(geometry.get("coordinates"));
    }
  }

  private void coords(JsonNode c) {
    if (c == null || !c.isArray() || c.isEmpty()) {
      return;
    }
    if (c.get(0).isNumber()) {
      if (c.size() >= 2 && c.get(1).isNumber()) {
        double x = c.get(0).asDouble();
        double y = c.get(1).asDouble();
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
      return;
    }
    c.forEach(this::coords);
  }
}
