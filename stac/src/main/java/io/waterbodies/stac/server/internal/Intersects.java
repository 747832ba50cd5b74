package io.waterbodies.stac.server.internal;

import java.math.BigDecimal;

/**
 * The planar intersection predicate of PostGIS's {@code ST_Intersects}: two geometries intersect
 * when they share at least one point, boundaries included (touching counts).
 *
 * <p>Exactness: every decision comes from the sign of an orientation determinant, computed in
 * double and, when the result is within Shewchuk's error bound of zero, recomputed exactly in
 * {@link BigDecimal}. So answers are exact for the given double coordinates: a point on an edge is
 * on it, collinear overlaps are found. What is not modelled: coordinates are planar lon/lat (edges
 * are straight in degrees, not geodesics), and nothing wraps at the antimeridian.
 *
 * <p>Cost: pairs of components are tested only when their boxes overlap, and then edge against edge
 * (only edges overlapping the other component's box), so a query of m edges against an item of n
 * edges costs at most O(m n).
 */
public final class Intersects {
  /** Shewchuk's ccwerrboundA: (3 + 16 eps) eps with eps = 2^-53. */
  private static final double ORIENT_BOUND = (3.0 + 16.0 * 0x1p-53) * 0x1p-53;

  private Intersects() {}

  /** True when {@code a} and {@code b} share at least one point; false when either is empty. */
  public static boolean test(PlanarGeometry a, PlanarGeometry b) {
    double[] ax = a.xy;
    double[] bx = b.xy;
    if (a.isEmpty()
        || b.isEmpty()
        || ax[2] < bx[0]
        || bx[2] < ax[0]
        || ax[3] < bx[1]
        || bx[3] < ax[1]) {
      return false;
    }
    for (int k = a.pointsFrom(); k < a.pointsTo(); k += 2) {
      if (covers(b, ax[k], ax[k + 1])) {
        return true;
      }
    }
    for (int k = b.pointsFrom(); k < b.pointsTo(); k += 2) {
      if (covers(a, bx[k], bx[k + 1])) {
        return true;
      }
    }
    for (int i = 0; i < a.lineCount(); i++) {
      int ib = PlanarGeometry.lineBox(i);
      for (int j = 0; j < b.lineCount(); j++) {
        int jb = PlanarGeometry.lineBox(j);
        if (boxes(ax, ib, bx, jb)
            && edgesCross(ax, a.lineFrom(i), a.lineTo(i), ib, bx, b.lineFrom(j), b.lineTo(j), jb)) {
          return true;
        }
      }
      for (int j = 0; j < b.polygonCount(); j++) {
        if (boxes(ax, ib, bx, b.polygonBox(j)) && linePolygon(a, i, b, j)) {
          return true;
        }
      }
    }
    for (int i = 0; i < a.polygonCount(); i++) {
      int ib = a.polygonBox(i);
      for (int j = 0; j < b.lineCount(); j++) {
        if (boxes(ax, ib, bx, PlanarGeometry.lineBox(j)) && linePolygon(b, j, a, i)) {
          return true;
        }
      }
      for (int j = 0; j < b.polygonCount(); j++) {
        if (boxes(ax, ib, bx, b.polygonBox(j)) && polygonPolygon(a, i, b, j)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Where a box lies relative to a geometry. */
  public enum BoxRelation {
    /** The closed box lies in the geometry's interior: everything in it intersects. */
    INSIDE,
    /** The closed box shares no point with the geometry. */
    OUTSIDE,
    /** Part of the geometry meets the box: only the exact test can tell. */
    MEETS
  }

  /**
   * Relates the box {@code [west, east] x [south, north]} ({@code west <= east}) to {@code g}
   * without looking at what is in the box. When no part of {@code g} meets the closed box, the box
   * lies within a single face of every polygon, so one corner decides. This lets a search settle
   * items whose geometry lies in their box from the box alone, which is in the item object, while
   * the geometry is elsewhere in memory (a cache miss per item on large stores).
   */
  public static BoxRelation relate(
      PlanarGeometry g, double west, double south, double east, double north) {
    double[] d = g.xy;
    if (g.isEmpty() || d[2] < west || east < d[0] || d[3] < south || north < d[1]) {
      return BoxRelation.OUTSIDE;
    }
    for (int k = g.pointsFrom(); k < g.pointsTo(); k += 2) {
      if (d[k] >= west && d[k] <= east && d[k + 1] >= south && d[k + 1] <= north) {
        return BoxRelation.MEETS;
      }
    }
    for (int i = 0; i < g.lineCount(); i++) {
      if (boxMeets(d, PlanarGeometry.lineBox(i), west, south, east, north)
          && chainMeetsBox(d, g.lineFrom(i), g.lineTo(i), west, south, east, north)) {
        return BoxRelation.MEETS;
      }
    }
    boolean anyPolygon = false;
    for (int j = 0; j < g.polygonCount(); j++) {
      if (!boxMeets(d, g.polygonBox(j), west, south, east, north)) {
        continue;
      }
      anyPolygon = true;
      int at = g.rings(j);
      for (int r = 0; r < g.part(at); r++) {
        if (chainMeetsBox(
            d, g.part(at + 1 + 2 * r), g.part(at + 2 + 2 * r), west, south, east, north)) {
          return BoxRelation.MEETS;
        }
      }
    }
    return anyPolygon && covers(g, west, south) ? BoxRelation.INSIDE : BoxRelation.OUTSIDE;
  }

  private static boolean boxMeets(
      double[] d, int at, double west, double south, double east, double north) {
    return d[at] <= east && west <= d[at + 2] && d[at + 1] <= north && south <= d[at + 3];
  }

  /** Some edge of the polyline {@code d[from..to)} shares a point with the closed box. */
  private static boolean chainMeetsBox(
      double[] d, int from, int to, double west, double south, double east, double north) {
    for (int k = from; k + 3 < to; k += 2) {
      double ax = d[k];
      double ay = d[k + 1];
      double bx = d[k + 2];
      double by = d[k + 3];
      if (Math.max(ax, bx) < west
          || Math.min(ax, bx) > east
          || Math.max(ay, by) < south
          || Math.min(ay, by) > north) {
        continue;
      }
      // Boxes overlap, so the only separating direction left is the edge's normal: the edge
      // misses the box exactly when all four corners are strictly on one side of its line.
      int c1 = orientation(ax, ay, bx, by, west, south);
      int c2 = orientation(ax, ay, bx, by, east, south);
      int c3 = orientation(ax, ay, bx, by, east, north);
      int c4 = orientation(ax, ay, bx, by, west, north);
      if (!(c1 == c2 && c2 == c3 && c3 == c4 && c1 != 0)) {
        return true;
      }
    }
    return false;
  }

  /** The point lies on or in some part of {@code g}. */
  static boolean covers(PlanarGeometry g, double x, double y) {
    double[] d = g.xy;
    if (x < d[0] || x > d[2] || y < d[1] || y > d[3]) {
      return false;
    }
    for (int k = g.pointsFrom(); k < g.pointsTo(); k += 2) {
      if (d[k] == x && d[k + 1] == y) {
        return true;
      }
    }
    for (int i = 0; i < g.lineCount(); i++) {
      if (inBox(d, PlanarGeometry.lineBox(i), x, y)
          && onPolyline(d, g.lineFrom(i), g.lineTo(i), x, y)) {
        return true;
      }
    }
    for (int j = 0; j < g.polygonCount(); j++) {
      if (inBox(d, g.polygonBox(j), x, y) && locate(g, j, x, y) != Location.OUTSIDE) {
        return true;
      }
    }
    return false;
  }

  /** Where a point is relative to a polygon. */
  enum Location {
    INSIDE,
    BOUNDARY,
    OUTSIDE
  }

  /**
   * Locates a point against polygon {@code j} of {@code g}, holes included: on any ring is the
   * boundary; otherwise inside when inside the shell and outside every hole.
   */
  static Location locate(PlanarGeometry g, int j, double x, double y) {
    double[] d = g.xy;
    int at = g.rings(j);
    int rings = g.part(at);
    Location shell = locateInRing(d, g.part(at + 1), g.part(at + 2), x, y);
    if (shell != Location.INSIDE) {
      return shell;
    }
    for (int r = 1; r < rings; r++) {
      Location l = locateInRing(d, g.part(at + 1 + 2 * r), g.part(at + 2 + 2 * r), x, y);
      if (l == Location.BOUNDARY) {
        return l;
      }
      if (l == Location.INSIDE) {
        return Location.OUTSIDE; // in a hole
      }
    }
    return Location.INSIDE;
  }

  /**
   * Crossing-number test of the ring {@code d[from..to)} with the half-open rule, the side of each
   * crossing decided by orientation.
   */
  static Location locateInRing(double[] d, int from, int to, double x, double y) {
    boolean inside = false;
    for (int k = from; k + 3 < to; k += 2) {
      double ax = d[k];
      double ay = d[k + 1];
      double bx = d[k + 2];
      double by = d[k + 3];
      if (y < Math.min(ay, by) || y > Math.max(ay, by)) {
        continue; // cannot touch the edge nor cross the ray
      }
      int o = orientation(ax, ay, bx, by, x, y);
      if (o == 0 && x >= Math.min(ax, bx) && x <= Math.max(ax, bx)) {
        return Location.BOUNDARY;
      }
      if ((ay > y) != (by > y) && (by > ay ? o > 0 : o < 0)) {
        inside = !inside;
      }
    }
    return inside ? Location.INSIDE : Location.OUTSIDE;
  }

  private static boolean onPolyline(double[] d, int from, int to, double x, double y) {
    for (int k = from; k + 3 < to; k += 2) {
      double ax = d[k];
      double ay = d[k + 1];
      double bx = d[k + 2];
      double by = d[k + 3];
      if (x >= Math.min(ax, bx)
          && x <= Math.max(ax, bx)
          && y >= Math.min(ay, by)
          && y <= Math.max(ay, by)
          && orientation(ax, ay, bx, by, x, y) == 0) {
        return true;
      }
    }
    return false;
  }

  /** Line {@code i} of {@code l} meets polygon {@code j} of {@code g}. */
  private static boolean linePolygon(PlanarGeometry l, int i, PlanarGeometry g, int j) {
    double[] ld = l.xy;
    int from = l.lineFrom(i);
    // A vertex inside is the cheap common case; if no boundary is crossed either, the line lies
    // in one face of the polygon, outside since its vertex is.
    if (locate(g, j, ld[from], ld[from + 1]) != Location.OUTSIDE) {
      return true;
    }
    int at = g.rings(j);
    for (int r = 0; r < g.part(at); r++) {
      if (edgesCross(
          ld,
          from,
          l.lineTo(i),
          PlanarGeometry.lineBox(i),
          g.xy,
          g.part(at + 1 + 2 * r),
          g.part(at + 2 + 2 * r),
          g.polygonBox(j))) {
        return true;
      }
    }
    return false;
  }

  /** Polygon {@code i} of {@code a} meets polygon {@code j} of {@code b}. */
  private static boolean polygonPolygon(PlanarGeometry a, int i, PlanarGeometry b, int j) {
    int atA = a.rings(i);
    int atB = b.rings(j);
    int shellA = a.part(atA + 1);
    int shellB = b.part(atB + 1);
    // Vertex containment first: a small item inside a large query is the common case and is then
    // accepted without comparing edges.
    if (locate(b, j, a.xy[shellA], a.xy[shellA + 1]) != Location.OUTSIDE
        || locate(a, i, b.xy[shellB], b.xy[shellB + 1]) != Location.OUTSIDE) {
      return true;
    }
    int boxA = a.polygonBox(i);
    int boxB = b.polygonBox(j);
    for (int r = 0; r < a.part(atA); r++) {
      for (int s = 0; s < b.part(atB); s++) {
        if (edgesCross(
            a.xy,
            a.part(atA + 1 + 2 * r),
            a.part(atA + 2 + 2 * r),
            boxA,
            b.xy,
            b.part(atB + 1 + 2 * s),
            b.part(atB + 2 + 2 * s),
            boxB)) {
          return true;
        }
      }
    }
    // No boundaries meet and neither shell has a vertex in the other polygon: they are disjoint
    // (which includes one lying in a hole of the other).
    return false;
  }

  /**
   * Some edge of polyline {@code p[pFrom..pTo)} meets some edge of polyline {@code q[qFrom..qTo)}.
   * Only edges overlapping the other side's box ({@code q[qBox..qBox+3]}, {@code p[pBox..]}) are
   * compared.
   */
  private static boolean edgesCross(
      double[] p, int pFrom, int pTo, int pBox, double[] q, int qFrom, int qTo, int qBox) {
    double qx0 = q[qBox];
    double qy0 = q[qBox + 1];
    double qx1 = q[qBox + 2];
    double qy1 = q[qBox + 3];
    double px0 = p[pBox];
    double py0 = p[pBox + 1];
    double px1 = p[pBox + 2];
    double py1 = p[pBox + 3];
    for (int i = pFrom; i + 3 < pTo; i += 2) {
      double ax = p[i];
      double ay = p[i + 1];
      double bx = p[i + 2];
      double by = p[i + 3];
      double eMinX = Math.min(ax, bx);
      double eMaxX = Math.max(ax, bx);
      double eMinY = Math.min(ay, by);
      double eMaxY = Math.max(ay, by);
      if (eMaxX < qx0 || eMinX > qx1 || eMaxY < qy0 || eMinY > qy1) {
        continue;
      }
      for (int j = qFrom; j + 3 < qTo; j += 2) {
        double cx = q[j];
        double cy = q[j + 1];
        double dx = q[j + 2];
        double dy = q[j + 3];
        if (Math.max(cx, dx) < eMinX
            || Math.min(cx, dx) > eMaxX
            || Math.max(cy, dy) < eMinY
            || Math.min(cy, dy) > eMaxY
            || Math.max(cx, dx) < px0
            || Math.min(cx, dx) > px1
            || Math.max(cy, dy) < py0
            || Math.min(cy, dy) > py1) {
          continue;
        }
        if (segmentsIntersect(ax, ay, bx, by, cx, cy, dx, dy)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Closed segments AB and CD share a point: a proper crossing, an endpoint on the other segment,
   * or a collinear overlap. Zero-length segments are points. Callers have checked that the
   * segments' boxes overlap; this method does not rely on it.
   */
  static boolean segmentsIntersect(
      double ax, double ay, double bx, double by, double cx, double cy, double dx, double dy) {
    int d1 = orientation(cx, cy, dx, dy, ax, ay);
    int d2 = orientation(cx, cy, dx, dy, bx, by);
    int d3 = orientation(ax, ay, bx, by, cx, cy);
    int d4 = orientation(ax, ay, bx, by, dx, dy);
    if (d1 * d2 < 0 && d3 * d4 < 0) {
      return true;
    }
    return (d1 == 0 && within(cx, cy, dx, dy, ax, ay))
        || (d2 == 0 && within(cx, cy, dx, dy, bx, by))
        || (d3 == 0 && within(ax, ay, bx, by, cx, cy))
        || (d4 == 0 && within(ax, ay, bx, by, dx, dy));
  }

  /** A point known to be collinear with segment PQ lies between its ends. */
  private static boolean within(double px, double py, double qx, double qy, double x, double y) {
    return x >= Math.min(px, qx)
        && x <= Math.max(px, qx)
        && y >= Math.min(py, qy)
        && y <= Math.max(py, qy);
  }

  /**
   * The side of C relative to the directed line AB: 1 left (counter-clockwise), -1 right, 0
   * collinear; exact for double inputs (Shewchuk's filter, then BigDecimal when too close to call).
   */
  static int orientation(double ax, double ay, double bx, double by, double cx, double cy) {
    double left = (bx - ax) * (cy - ay);
    double right = (by - ay) * (cx - ax);
    double det = left - right;
    // Shewchuk's bound covers the rounding of the differences, the products and the subtraction,
    // so a determinant larger than it has the right sign; only near-collinear cases go exact.
    double bound = ORIENT_BOUND * (Math.abs(left) + Math.abs(right));
    if (det > bound) {
      return 1;
    }
    if (-det > bound) {
      return -1;
    }
    return exactOrientation(ax, ay, bx, by, cx, cy);
  }

  private static int exactOrientation(
      double ax, double ay, double bx, double by, double cx, double cy) {
    BigDecimal x1 = new BigDecimal(bx).subtract(new BigDecimal(ax));
    BigDecimal y1 = new BigDecimal(cy).subtract(new BigDecimal(ay));
    BigDecimal y2 = new BigDecimal(by).subtract(new BigDecimal(ay));
    BigDecimal x2 = new BigDecimal(cx).subtract(new BigDecimal(ax));
    return x1.multiply(y1).subtract(y2.multiply(x2)).signum();
  }

  private static boolean boxes(double[] a, int i, double[] b, int j) {
    return a[i] <= b[j + 2] && b[j] <= a[i + 2] && a[i + 1] <= b[j + 3] && b[j + 1] <= a[i + 3];
  }

  private static boolean inBox(double[] b, int i, double x, double y) {
    return x >= b[i] && x <= b[i + 2] && y >= b[i + 1] && y <= b[i + 3];
  }
}
