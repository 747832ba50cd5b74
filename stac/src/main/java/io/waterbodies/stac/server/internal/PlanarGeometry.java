package io.waterbodies.stac.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.waterbodies.core.geo.Bbox;
import java.util.ArrayList;
import java.util.List;

/**
 * A GeoJSON geometry parsed for planar intersection tests: x is longitude and y latitude, edges are
 * straight lines in that plane (no geodesics, no antimeridian wrapping). Any geometry, collections
 * included, is held as its points, polylines and polygons; {@link Intersects} tests them pairwise.
 *
 * <p>Coordinates are flat {@code double[]} arrays ({@code x0, y0, x1, y1, ...}) to keep a stored
 * item's footprint small: a 5-position polygon costs about 250 bytes.
 */
public final class PlanarGeometry {
  private static final double[] NO_POINTS = new double[0];
  private static final double[][] NO_LINES = new double[0][];
  private static final double[][][] NO_POLYGONS = new double[0][][];

  /** All Point and MultiPoint positions. */
  final double[] points;

  /** Polylines of 2 or more positions. */
  final double[][] lines;

  /** Polygons: ring 0 is the shell, the rest are holes; every ring is closed (last = first). */
  final double[][][] polygons;

  /** Per line, then per polygon (of its shell): minX, minY, maxX, maxY. */
  final double[] lineBounds;

  final double[] polygonBounds;

  /** True for a single axis-aligned rectangle made by {@link #ofBox}. */
  final boolean rectangle;

  final double minX;
  final double minY;
  final double maxX;
  final double maxY;

  private PlanarGeometry(double[] points, double[][] lines, double[][][] polygons) {
    this(points, lines, polygons, false);
  }

  private PlanarGeometry(
      double[] points, double[][] lines, double[][][] polygons, boolean rectangle) {
    this.rectangle = rectangle;
    this.points = points.length == 0 ? NO_POINTS : points;
    this.lines = lines.length == 0 ? NO_LINES : lines;
    this.polygons = polygons.length == 0 ? NO_POLYGONS : polygons;
    this.lineBounds = lines.length == 0 ? NO_POINTS : new double[4 * lines.length];
    for (int i = 0; i < lines.length; i++) {
      bounds(lines[i], lineBounds, 4 * i);
    }
    this.polygonBounds = polygons.length == 0 ? NO_POINTS : new double[4 * polygons.length];
    for (int i = 0; i < polygons.length; i++) {
      bounds(polygons[i][0], polygonBounds, 4 * i);
    }
    double[] all = {
      Double.POSITIVE_INFINITY,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      Double.NEGATIVE_INFINITY
    };
    extend(all, bounds(points, new double[4], 0));
    for (int i = 0; i < lineBounds.length; i += 4) {
      extend(
          all,
          new double[] {lineBounds[i], lineBounds[i + 1], lineBounds[i + 2], lineBounds[i + 3]});
    }
    for (int i = 0; i < polygonBounds.length; i += 4) {
      extend(
          all,
          new double[] {
            polygonBounds[i], polygonBounds[i + 1], polygonBounds[i + 2], polygonBounds[i + 3]
          });
    }
    this.minX = all[0];
    this.minY = all[1];
    this.maxX = all[2];
    this.maxY = all[3];
  }

  private static double[] bounds(double[] xy, double[] out, int at) {
    double x0 = Double.POSITIVE_INFINITY;
    double y0 = Double.POSITIVE_INFINITY;
    double x1 = Double.NEGATIVE_INFINITY;
    double y1 = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < xy.length; k += 2) {
      x0 = Math.min(x0, xy[k]);
      x1 = Math.max(x1, xy[k]);
      y0 = Math.min(y0, xy[k + 1]);
      y1 = Math.max(y1, xy[k + 1]);
    }
    out[at] = x0;
    out[at + 1] = y0;
    out[at + 2] = x1;
    out[at + 3] = y1;
    return out;
  }

  private static void extend(double[] all, double[] b) {
    all[0] = Math.min(all[0], b[0]);
    all[1] = Math.min(all[1], b[1]);
    all[2] = Math.max(all[2], b[2]);
    all[3] = Math.max(all[3], b[3]);
  }

  /** True when there is no position at all (e.g. {@code "coordinates": []}). */
  public boolean isEmpty() {
    return points.length == 0 && lines.length == 0 && polygons.length == 0;
  }

  /**
   * The planar bounds, never crossing the antimeridian.
   *
   * @throws IllegalStateException when {@link #isEmpty()}
   */
  public Bbox bounds() {
    if (isEmpty()) {
      throw new IllegalStateException("an empty geometry has no bounds");
    }
    return Bbox.of(minX, minY, maxX, maxY);
  }

  /**
   * A box as polygons: one rectangle, or two when {@code west > east} (the box crosses the
   * antimeridian and is split at ±180). Zero-width or zero-height boxes give degenerate rectangles,
   * which still intersect whatever touches them.
   */
  public static PlanarGeometry ofBox(Bbox box) {
    Bbox b = box.to2d();
    if (b.west() > b.east()) {
      return new PlanarGeometry(
          NO_POINTS,
          NO_LINES,
          new double[][][] {
            {rectangle(b.west(), b.south(), 180, b.north())},
            {rectangle(-180, b.south(), b.east(), b.north())}
          });
    }
    return new PlanarGeometry(
        NO_POINTS,
        NO_LINES,
        new double[][][] {{rectangle(b.west(), b.south(), b.east(), b.north())}},
        true);
  }

  /**
   * True when this is a single rectangle (from {@link #ofBox}) containing the box {@code west,
   * south, east, north} (with {@code west <= east}): whatever lies in that box intersects this.
   */
  public boolean rectangleContains(double west, double south, double east, double north) {
    return rectangle && minX <= west && east <= maxX && minY <= south && north <= maxY;
  }

  private static double[] rectangle(double w, double s, double e, double n) {
    return new double[] {w, s, e, s, e, n, w, n, w, s};
  }

  /**
   * Parses a GeoJSON geometry object: Point, MultiPoint, LineString, MultiLineString, Polygon (with
   * holes), MultiPolygon or GeometryCollection. Positions may carry a third (ignored) value; empty
   * coordinate arrays give empty parts.
   *
   * @throws InvalidGeometryException naming the problem and where it is, e.g. {@code
   *     coordinates[0]: a ring needs at least 4 positions, got 3}
   */
  public static PlanarGeometry parse(JsonNode geometry) {
    Builder b = new Builder();
    b.geometry(geometry, "", 0);
    return b.build();
  }

  /** A GeoJSON geometry that cannot be parsed; the message names the problem and its place. */
  public static final class InvalidGeometryException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    InvalidGeometryException(String where, String message) {
      super(where.isEmpty() ? message : where + ": " + message);
    }
  }

  private static final class Builder {
    /** Nested GeometryCollections deeper than this are refused rather than risking the stack. */
    private static final int MAX_DEPTH = 32;

    private final DoubleList points = new DoubleList();
    private final List<double[]> lines = new ArrayList<>();
    private final List<double[][]> polygons = new ArrayList<>();

    PlanarGeometry build() {
      return new PlanarGeometry(
          points.toArray(), lines.toArray(new double[0][]), polygons.toArray(new double[0][][]));
    }

    void geometry(JsonNode g, String where, int depth) {
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
        for (int i = 0; i < gs.size(); i++) {
          geometry(gs.get(i), at + "[" + i + "]", depth + 1);
        }
        return;
      }
      JsonNode c = g.get("coordinates");
      String at = prefix(where) + "coordinates";
      switch (type) {
        case "Point":
          position(c, at, points);
          break;
        case "MultiPoint":
          for (int i = 0; i < array(c, at, type).size(); i++) {
            position(c.get(i), at + "[" + i + "]", points);
          }
          break;
        case "LineString":
          lines.add(line(c, at, type));
          break;
        case "MultiLineString":
          for (int i = 0; i < array(c, at, type).size(); i++) {
            lines.add(line(c.get(i), at + "[" + i + "]", "LineString"));
          }
          break;
        case "Polygon":
          polygon(c, at);
          break;
        case "MultiPolygon":
          for (int i = 0; i < array(c, at, type).size(); i++) {
            polygon(c.get(i), at + "[" + i + "]");
          }
          break;
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

    private static void position(JsonNode p, String at, DoubleList out) {
      if (p == null || !p.isArray() || p.size() < 2) {
        throw new InvalidGeometryException(
            at,
            "expected a position [x, y], got "
                + (p == null ? "nothing" : abbreviate(p.toString())));
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
      out.add(p.get(0).asDouble(), p.get(1).asDouble());
    }

    private static double[] line(JsonNode c, String at, String type) {
      array(c, at, type);
      if (c.size() < 2) {
        throw new InvalidGeometryException(
            at, "a LineString needs at least 2 positions, got " + c.size());
      }
      DoubleList xy = new DoubleList();
      for (int i = 0; i < c.size(); i++) {
        position(c.get(i), at + "[" + i + "]", xy);
      }
      return xy.toArray();
    }

    private void polygon(JsonNode c, String at) {
      array(c, at, "Polygon");
      if (c.isEmpty()) {
        return; // an empty polygon
      }
      double[][] rings = new double[c.size()][];
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
        DoubleList xy = new DoubleList();
        for (int i = 0; i < ring.size(); i++) {
          position(ring.get(i), ringAt + "[" + i + "]", xy);
        }
        double[] a = xy.toArray();
        int n = a.length;
        if (a[0] != a[n - 2] || a[1] != a[n - 1]) {
          throw new InvalidGeometryException(
              ringAt, "the ring is not closed: the last position must equal the first");
        }
        rings[r] = a;
      }
      polygons.add(rings);
    }

    private static String abbreviate(String s) {
      return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
  }

  /** A growable list of doubles, to avoid boxing while parsing. */
  private static final class DoubleList {
    private double[] a = new double[16];
    private int n;

    void add(double x, double y) {
      if (n + 2 > a.length) {
        a = java.util.Arrays.copyOf(a, a.length * 2);
      }
      a[n++] = x;
      a[n++] = y;
    }

    double[] toArray() {
      return java.util.Arrays.copyOf(a, n);
    }
  }

  @Override
  public String toString() {
    return "PlanarGeometry["
        + points.length / 2
        + " points, "
        + lines.length
        + " lines, "
        + polygons.length
        + " polygons]";
  }
}
