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
 * <p>Layout: a single {@code double[]} per geometry, whatever its shape, because the server keeps
 * one per stored item: a 5-position polygon costs about 230 bytes (about 270 as nested arrays), and
 * there is one reference to follow instead of four.
 */
public final class PlanarGeometry {
  /**
   * Boxes, then coordinates. {@code xy[0..3]}: minX, minY, maxX, maxY of the whole; then 4 values
   * per line, then 4 per polygon (of its shell); then positions as x, y pairs: all points, each
   * line, each ring (closed: last = first); then, from {@link #partsAt}, the parts table (small
   * integers, exact as doubles; see {@link #part}); last, {@code partsAt} itself, so that the array
   * alone describes the geometry (see {@link #packed()}).
   */
  final double[] xy;

  /**
   * Where the parts table starts in {@link #xy}. It gives [from, to) index ranges in {@code xy}:
   * {@code part(0)} line count L, {@code part(1)} polygon count G, {@code part(2), part(3)} the
   * points; then L pairs (a line each); then G offsets into the table, each pointing at a ring
   * count R followed by R pairs (shell first, then holes).
   */
  private final int partsAt;

  /** True for a single axis-aligned rectangle made by {@link #ofBox}. */
  final boolean rectangle;

  private PlanarGeometry(
      double[] points, List<double[]> lines, List<double[][]> polygons, boolean rectangle) {
    this.rectangle = rectangle;
    int nl = lines.size();
    int ng = polygons.size();
    int coords = points.length;
    int ringEntries = 0;
    for (double[] l : lines) {
      coords += l.length;
    }
    for (double[][] g : polygons) {
      for (double[] r : g) {
        coords += r.length;
      }
      ringEntries += 1 + 2 * g.length;
    }
    int boxes = 4 + 4 * nl + 4 * ng;
    int[] x = new int[4 + 2 * nl + ng + ringEntries];
    double[] d = new double[boxes + coords + x.length + 1];
    x[0] = nl;
    x[1] = ng;
    int at = boxes;
    x[2] = at;
    System.arraycopy(points, 0, d, at, points.length);
    at += points.length;
    x[3] = at;
    for (int i = 0; i < nl; i++) {
      double[] l = lines.get(i);
      System.arraycopy(l, 0, d, at, l.length);
      x[4 + 2 * i] = at;
      x[5 + 2 * i] = at + l.length;
      bounds(d, at, at + l.length, d, 4 + 4 * i);
      at += l.length;
    }
    int ringList = 4 + 2 * nl + ng;
    for (int j = 0; j < ng; j++) {
      double[][] g = polygons.get(j);
      x[4 + 2 * nl + j] = ringList;
      x[ringList++] = g.length;
      for (double[] r : g) {
        System.arraycopy(r, 0, d, at, r.length);
        x[ringList++] = at;
        x[ringList++] = at + r.length;
        at += r.length;
      }
      int shell = x[x[4 + 2 * nl + j] + 1];
      bounds(d, shell, shell + g[0].length, d, 4 + 4 * nl + 4 * j);
    }
    // The whole: points, and the boxes of lines and polygons.
    bounds(d, x[2], x[3], d, 0);
    for (int k = 4; k < boxes; k += 4) {
      d[0] = Math.min(d[0], d[k]);
      d[1] = Math.min(d[1], d[k + 1]);
      d[2] = Math.max(d[2], d[k + 2]);
      d[3] = Math.max(d[3], d[k + 3]);
    }
    this.partsAt = boxes + coords;
    for (int k = 0; k < x.length; k++) {
      d[partsAt + k] = x[k];
    }
    d[d.length - 1] = partsAt;
    this.xy = d;
  }

  private PlanarGeometry(double[] packed) {
    this.xy = packed;
    this.partsAt = (int) packed[packed.length - 1];
    this.rectangle = false;
  }

  /**
   * The geometry as one array, for holding many geometries compactly (a stored item keeps this
   * rather than the object: one reference less to follow per item and search). The array is shared,
   * not copied: do not modify it.
   */
  public double[] packed() {
    return xy;
  }

  /** The geometry of {@link #packed()}, without copying. */
  public static PlanarGeometry unpack(double[] packed) {
    return new PlanarGeometry(packed);
  }

  /** Writes the box of positions {@code xy[from..to)} to {@code out[at..at+3]}. */
  private static void bounds(double[] xy, int from, int to, double[] out, int at) {
    double x0 = Double.POSITIVE_INFINITY;
    double y0 = Double.POSITIVE_INFINITY;
    double x1 = Double.NEGATIVE_INFINITY;
    double y1 = Double.NEGATIVE_INFINITY;
    for (int k = from; k < to; k += 2) {
      x0 = Math.min(x0, xy[k]);
      x1 = Math.max(x1, xy[k]);
      y0 = Math.min(y0, xy[k + 1]);
      y1 = Math.max(y1, xy[k + 1]);
    }
    out[at] = x0;
    out[at + 1] = y0;
    out[at + 2] = x1;
    out[at + 3] = y1;
  }

  /** Entry k of the parts table. */
  int part(int k) {
    return (int) xy[partsAt + k];
  }

  int lineCount() {
    return part(0);
  }

  int polygonCount() {
    return part(1);
  }

  int pointsFrom() {
    return part(2);
  }

  int pointsTo() {
    return part(3);
  }

  int lineFrom(int i) {
    return part(4 + 2 * i);
  }

  int lineTo(int i) {
    return part(5 + 2 * i);
  }

  /** Index in {@link #xy} of line i's box. */
  static int lineBox(int i) {
    return 4 + 4 * i;
  }

  /** Index in {@link #xy} of polygon j's box. */
  int polygonBox(int j) {
    return 4 + 4 * part(0) + 4 * j;
  }

  /** Index in the parts table of polygon j's ring count, followed by its rings' ranges. */
  int rings(int j) {
    return part(4 + 2 * part(0) + j);
  }

  /** True when there is no position at all (e.g. {@code "coordinates": []}). */
  public boolean isEmpty() {
    return part(0) == 0 && part(1) == 0 && part(2) == part(3);
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
    return Bbox.of(xy[0], xy[1], xy[2], xy[3]);
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
          new double[0],
          List.of(),
          List.of(
              new double[][] {rectangle(b.west(), b.south(), 180, b.north())},
              new double[][] {rectangle(-180, b.south(), b.east(), b.north())}),
          false);
    }
    return new PlanarGeometry(
        new double[0],
        List.of(),
        List.<double[][]>of(new double[][] {rectangle(b.west(), b.south(), b.east(), b.north())}),
        true);
  }

  /**
   * True when this is a single rectangle (from {@link #ofBox}) containing the box {@code west,
   * south, east, north} (with {@code west <= east}): whatever lies in that box intersects this.
   */
  public boolean rectangleContains(double west, double south, double east, double north) {
    return rectangle && xy[0] <= west && east <= xy[2] && xy[1] <= south && north <= xy[3];
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
      return new PlanarGeometry(points.toArray(), lines, polygons, false);
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
        + (pointsTo() - pointsFrom()) / 2
        + " points, "
        + lineCount()
        + " lines, "
        + polygonCount()
        + " polygons]";
  }
}
