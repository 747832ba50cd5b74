package io.waterbodies.stac.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.waterbodies.core.geo.Bbox;
import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;

/**
 * GeoJSON geometries as JTS geometries in the lon/lat plane (as pgstac's {@code ST_Intersects} sees
 * them): parsing with errors that name the problem and its place, boxes (split at the
 * antimeridian), and a compact WKB form for storing many item geometries.
 */
public final class GeoJsonGeometries {
  /** Nested GeometryCollections deeper than this are refused rather than risking the stack. */
  private static final int MAX_DEPTH = 32;

  private static final GeometryFactory FACTORY = new GeometryFactory();

  private GeoJsonGeometries() {}

  /** A GeoJSON geometry that cannot be parsed; the message names the problem and its place. */
  public static final class InvalidGeometryException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    InvalidGeometryException(String where, String message) {
      super(where.isEmpty() ? message : where + ": " + message);
    }
  }

  /**
   * Parses a GeoJSON geometry object: Point, MultiPoint, LineString, MultiLineString, Polygon (with
   * holes), MultiPolygon or GeometryCollection. Positions may carry a third (ignored) value; empty
   * coordinate arrays give empty geometries.
   *
   * @throws InvalidGeometryException naming the problem and where it is, e.g. {@code
   *     coordinates[0]: a ring needs at least 4 positions, got 3}
   */
  public static Geometry parse(JsonNode geometry) {
    return geometry(geometry, "", 0);
  }

  /**
   * A box as a geometry: a rectangle, or two when {@code west > east} (the box crosses the
   * antimeridian and is split at ±180). Zero-width or zero-height boxes become lines or points,
   * which still intersect whatever touches them.
   */
  public static Geometry box(Bbox box) {
    Bbox b = box.to2d();
    if (b.west() > b.east()) {
      return FACTORY.createGeometryCollection(
          new Geometry[] {
            FACTORY.toGeometry(new Envelope(b.west(), 180, b.south(), b.north())),
            FACTORY.toGeometry(new Envelope(-180, b.east(), b.south(), b.north()))
          });
    }
    return FACTORY.toGeometry(new Envelope(b.west(), b.east(), b.south(), b.north()));
  }

  /**
   * The non-empty atoms of a geometry: the polygons of a MultiPolygon, the members of a
   * GeometryCollection (recursively), the geometry itself otherwise. Spatial tests run per atom, so
   * that invalid multi-geometries (overlapping polygons) still mean the union of their parts.
   */
  public static List<Geometry> parts(Geometry g) {
    List<Geometry> out = new ArrayList<>(g.getNumGeometries());
    addParts(g, out);
    return out;
  }

  private static void addParts(Geometry g, List<Geometry> out) {
    if (g instanceof GeometryCollection) {
      for (int i = 0; i < g.getNumGeometries(); i++) {
        addParts(g.getGeometryN(i), out);
      }
    } else if (!g.isEmpty()) {
      out.add(g);
    }
  }

  /** The planar bounds of a non-empty geometry (never crossing the antimeridian). */
  public static Bbox bounds(Geometry g) {
    Envelope e = g.getEnvelopeInternal();
    return Bbox.of(e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY());
  }

  /** The geometry as 2D WKB, the compact form items keep. */
  public static byte[] toWkb(Geometry g) {
    return new WKBWriter(2).write(g);
  }

  /** A geometry from {@link #toWkb}. */
  public static Geometry fromWkb(byte[] wkb) {
    try {
      return new WKBReader(FACTORY).read(wkb);
    } catch (ParseException e) {
      throw new IllegalStateException("stored geometry is not valid WKB", e);
    }
  }

  private static Geometry geometry(JsonNode g, String where, int depth) {
    if (g == null || !g.isObject()) {
      throw new InvalidGeometryException(where, "expected a GeoJSON geometry object");
    }
    JsonNode t = g.get("type");
    if (t == null || !t.isTextual()) {
      throw new InvalidGeometryException(where, "the geometry has no 'type'");
    }
    String type = t.asText();
    if (type.equals("GeometryCollection")) {
      if (depth >= MAX_DEPTH) {
        throw new InvalidGeometryException(
            where, "GeometryCollections nested deeper than " + MAX_DEPTH);
      }
      JsonNode gs = g.get("geometries");
      String at = prefix(where) + "geometries";
      if (gs == null || !gs.isArray()) {
        throw new InvalidGeometryException(at, "a GeometryCollection needs an array");
      }
      Geometry[] parts = new Geometry[gs.size()];
      for (int i = 0; i < gs.size(); i++) {
        parts[i] = geometry(gs.get(i), at + "[" + i + "]", depth + 1);
      }
      return FACTORY.createGeometryCollection(parts);
    }
    JsonNode c = g.get("coordinates");
    String at = prefix(where) + "coordinates";
    switch (type) {
      case "Point":
        return FACTORY.createPoint(position(c, at));
      case "MultiPoint":
        {
          Point[] ps = new Point[array(c, at, type).size()];
          for (int i = 0; i < ps.length; i++) {
            ps[i] = FACTORY.createPoint(position(c.get(i), at + "[" + i + "]"));
          }
          return FACTORY.createMultiPoint(ps);
        }
      case "LineString":
        return lineOrPoint(line(c, at, type));
      case "MultiLineString":
        {
          Geometry[] ls = new Geometry[array(c, at, type).size()];
          boolean allLines = true;
          for (int i = 0; i < ls.length; i++) {
            ls[i] = lineOrPoint(line(c.get(i), at + "[" + i + "]", "LineString"));
            allLines &= ls[i] instanceof LineString;
          }
          return allLines
              ? FACTORY.createMultiLineString(
                  java.util.Arrays.copyOf(ls, ls.length, LineString[].class))
              : FACTORY.createGeometryCollection(ls);
        }
      case "Polygon":
        return polygon(c, at);
      case "MultiPolygon":
        {
          Polygon[] ps = new Polygon[array(c, at, type).size()];
          for (int i = 0; i < ps.length; i++) {
            ps[i] = polygon(c.get(i), at + "[" + i + "]");
          }
          return FACTORY.createMultiPolygon(ps);
        }
      default:
        throw new InvalidGeometryException(
            prefix(where) + "type",
            "unknown geometry type '"
                + type
                + "'; expected Point, MultiPoint, LineString, MultiLineString, Polygon,"
                + " MultiPolygon or GeometryCollection");
    }
  }

  private static String prefix(String where) {
    return where.isEmpty() ? "" : where + ".";
  }

  private static JsonNode array(JsonNode c, String at, String type) {
    if (c == null || !c.isArray()) {
      throw new InvalidGeometryException(at, type + " coordinates must be an array");
    }
    return c;
  }

  private static Coordinate position(JsonNode p, String at) {
    if (p == null || !p.isArray() || p.size() < 2) {
      throw new InvalidGeometryException(
          at,
          "expected a position [x, y], got " + (p == null ? "nothing" : abbreviate(p.toString())));
    }
    for (int k = 0; k < p.size(); k++) {
      JsonNode v = p.get(k);
      if (!v.isNumber()) {
        throw new InvalidGeometryException(
            at + "[" + k + "]", "expected a number, got " + abbreviate(v.toString()));
      }
      // Jackson may be configured to read NaN/Infinity, and 1e999 overflows to infinity.
      if (k < 2 && !Double.isFinite(v.asDouble())) {
        throw new InvalidGeometryException(at + "[" + k + "]", "the number is not finite");
      }
    }
    return new Coordinate(p.get(0).asDouble(), p.get(1).asDouble());
  }

  private static LineString line(JsonNode c, String at, String type) {
    array(c, at, type);
    if (c.size() < 2) {
      throw new InvalidGeometryException(
          at, "a LineString needs at least 2 positions, got " + c.size());
    }
    Coordinate[] xy = new Coordinate[c.size()];
    for (int i = 0; i < xy.length; i++) {
      xy[i] = position(c.get(i), at + "[" + i + "]");
    }
    return FACTORY.createLineString(xy);
  }

  /** A line whose positions are all one point is that point (JTS gives zero-length lines none). */
  private static Geometry lineOrPoint(LineString l) {
    Coordinate[] xy = l.getCoordinates();
    for (Coordinate c : xy) {
      if (!c.equals2D(xy[0])) {
        return l;
      }
    }
    return FACTORY.createPoint(xy[0]);
  }

  private static Polygon polygon(JsonNode c, String at) {
    array(c, at, "Polygon");
    if (c.isEmpty()) {
      return FACTORY.createPolygon();
    }
    List<LinearRing> rings = new ArrayList<>(c.size());
    for (int r = 0; r < c.size(); r++) {
      String ringAt = at + "[" + r + "]";
      JsonNode ring = c.get(r);
      if (ring == null || !ring.isArray()) {
        throw new InvalidGeometryException(ringAt, "a ring must be an array of positions");
      }
      if (!ring.isEmpty() && !ring.get(0).isArray()) {
        throw new InvalidGeometryException(
            ringAt,
            "expected a ring (an array of positions), got "
                + abbreviate(ring.toString())
                + ": coordinates nested one level too shallow");
      }
      if (ring.size() < 4) {
        throw new InvalidGeometryException(
            ringAt, "a ring needs at least 4 positions, got " + ring.size());
      }
      Coordinate[] xy = new Coordinate[ring.size()];
      for (int i = 0; i < xy.length; i++) {
        xy[i] = position(ring.get(i), ringAt + "[" + i + "]");
      }
      if (!xy[0].equals2D(xy[xy.length - 1])) {
        throw new InvalidGeometryException(
            ringAt, "the ring is not closed: the last position must equal the first");
      }
      rings.add(FACTORY.createLinearRing(xy));
    }
    return FACTORY.createPolygon(
        rings.get(0), rings.subList(1, rings.size()).toArray(new LinearRing[0]));
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
