package io.waterbodies.stac.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.waterbodies.core.geo.Bbox;
import io.waterbodies.stac.server.StoredItem;
import java.util.function.Predicate;

/**
 * A spatial search condition ({@code bbox}, {@code intersects}, CQL2 {@code s_intersects}): a
 * bounding box that rejects most items cheaply, then the exact planar test against the item's
 * geometry. Items without a geometry never match.
 *
 * @param prefilter the query's bounding box; may cross the antimeridian ({@code west > east})
 * @param geometry the query geometry; a box query is its rectangle(s)
 */
public record SpatialFilter(Bbox prefilter, PlanarGeometry geometry)
    implements Predicate<StoredItem> {

  /** A box query; a box with {@code west > east} crosses the antimeridian and becomes two. */
  public static SpatialFilter ofBox(Bbox box) {
    Bbox b = box.to2d();
    return new SpatialFilter(b, PlanarGeometry.ofBox(b));
  }

  /**
   * A GeoJSON geometry query.
   *
   * @param what names the geometry in error messages, e.g. {@code intersects}
   * @throws ApiError (400) naming what is wrong with the geometry and where
   */
  public static SpatialFilter ofGeoJson(JsonNode geometry, String what) {
    PlanarGeometry g;
    try {
      g = PlanarGeometry.parse(geometry);
    } catch (PlanarGeometry.InvalidGeometryException e) {
      throw ApiError.badRequest("invalid " + what + " geometry: " + e.getMessage());
    }
    if (g.isEmpty()) {
      throw ApiError.badRequest(what + " geometry has no coordinates");
    }
    return new SpatialFilter(g.bounds(), g);
  }

  @Override
  public boolean test(StoredItem item) {
    return item.intersects(prefilter) && item.geometryIntersects(geometry);
  }
}
