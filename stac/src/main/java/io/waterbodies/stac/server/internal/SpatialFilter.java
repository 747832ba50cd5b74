package io.waterbodies.stac.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.waterbodies.core.geo.Bbox;
import io.waterbodies.stac.server.StoredItem;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.operation.relateng.RelateNG;
import org.locationtech.jts.operation.relateng.RelatePredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A spatial search condition ({@code bbox}, {@code intersects}, CQL2 {@code s_intersects}): the
 * query's bounding box, which a store's spatial index and the items' boxes use to reject most items
 * cheaply, then JTS's exact planar {@code intersects} (touching counts, as PostGIS {@code
 * ST_Intersects}) against the item's geometry, with the query prepared once. JTS's RelateNG
 * evaluates it: it accepts GeometryCollections and invalid (e.g. self-intersecting) item
 * geometries, which stores do not refuse. Items without a geometry never match. One instance serves
 * one search (the prepared query is not shared between threads).
 */
public final class SpatialFilter implements Predicate<StoredItem> {
  private static final Logger LOG = LoggerFactory.getLogger(SpatialFilter.class);

  private final Bbox prefilter;
  private final Geometry geometry;

  /** The query's parts (polygons, lines, points), each prepared once. */
  private final List<RelateNG> parts;

  /** When the query is one rectangle, its bounds; an item whose geometry lies inside matches. */
  private final Bbox rectangle;

  private SpatialFilter(Bbox prefilter, Geometry geometry, Bbox rectangle) {
    this.prefilter = prefilter;
    this.geometry = geometry;
    this.parts = prepare(geometry);
    this.rectangle = rectangle;
  }

  /** A box query; a box with {@code west > east} crosses the antimeridian and becomes two. */
  public static SpatialFilter ofBox(Bbox box) {
    Bbox b = box.to2d();
    return new SpatialFilter(b, GeoJsonGeometries.box(b), b.west() <= b.east() ? b : null);
  }

  /**
   * A GeoJSON geometry query.
   *
   * @param what names the geometry in error messages, e.g. {@code intersects}
   * @throws ApiError (400) naming what is wrong with the geometry and where
   */
  public static SpatialFilter ofGeoJson(JsonNode geometry, String what) {
    Geometry g;
    try {
      g = GeoJsonGeometries.parse(geometry);
    } catch (GeoJsonGeometries.InvalidGeometryException e) {
      throw ApiError.badRequest("invalid " + what + " geometry: " + e.getMessage());
    }
    if (g.isEmpty()) {
      throw ApiError.badRequest(what + " geometry has no coordinates");
    }
    return new SpatialFilter(GeoJsonGeometries.bounds(g), g, null);
  }

  /** The query's bounding box; {@code west > east} when it crosses the antimeridian. */
  public Bbox prefilter() {
    return prefilter;
  }

  /** The query geometry (a box query is its rectangle or rectangles); do not modify it. */
  public Geometry geometry() {
    return geometry;
  }

  @Override
  public boolean test(StoredItem item) {
    if (!item.intersects(prefilter) || !item.hasGeometry()) {
      return false;
    }
    if (rectangle != null && item.geometryWithinBbox() && contains(rectangle, item)) {
      // Most items of a box search lie wholly inside it, which their box tells without reading
      // the geometry (a cache miss and a WKB decode per item on a large store).
      return true;
    }
    try {
      return intersects(parts, item.geometry().orElseThrow());
    } catch (RuntimeException e) {
      // A geometry JTS cannot relate must not fail the whole search: its box overlapped, which
      // is what the server matched on before exact matching.
      LOG.warn("item {}: spatial test failed ({}); matched by its bbox", item, e.toString());
      return true;
    }
  }

  /**
   * The exact test alone, without box shortcuts: {@code query} and {@code geometry} intersect
   * (touching included), part by part.
   */
  static boolean intersects(Geometry query, Geometry geometry) {
    return intersects(prepare(query), geometry);
  }

  private static List<RelateNG> prepare(Geometry query) {
    List<RelateNG> p = new ArrayList<>();
    for (Geometry part : GeoJsonGeometries.parts(query)) {
      p.add(RelateNG.prepare(part));
    }
    return List.copyOf(p);
  }

  private static boolean intersects(List<RelateNG> query, Geometry geometry) {
    List<Geometry> parts = GeoJsonGeometries.parts(geometry);
    for (RelateNG q : query) {
      for (Geometry g : parts) {
        if (q.evaluate(g, RelatePredicate.intersects())) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean contains(Bbox r, StoredItem item) {
    Bbox b = item.bbox().orElseThrow();
    return r.west() <= b.west()
        && b.east() <= r.east()
        && r.south() <= b.south()
        && b.north() <= r.north();
  }

  @Override
  public String toString() {
    return "SpatialFilter[" + geometry.getGeometryType() + ", bounds " + prefilter + "]";
  }
}
