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
    if (a.isEmpty()
        || b.isEmpty()
        || a.maxX < b.minX
        || b.maxX < a.minX
        || a.maxY < b.minY
        || b.maxY < a.minY) {
      return false;
    }
    double[] pa = a.points;
    for (int i = 0; i < pa.length; i += 2) {
      if (covers(b, pa[i], pa[i + 1])) {
        return true;
      }
    }
    double[] pb = b.points;
    for (int i = 0; i < pb.length; i += 2) {
      if (covers(a, pb[i], pb[i + 1])) {
        return true;
      }
    }
    for (int i = 0; i < a.lines.length; i++) {
      for (int j = 0; j < b.lines.length; j++) {
        if (boxes(a.lineBounds, i, b.lineBounds, j)
            && edgesCross(a.lines[i], b.lines[j], b.lineBounds, j, a.lineBounds, i)) {
          return true;
        }
      }
      for (int j = 0; j < b.polygons.length; j++) {
        if (boxes(a.lineBounds, i, b.polygonBounds, j)
            && linePolygon(a.lines[i], a.lineBounds, i, b.polygons[j], b.polygonBounds, j)) {
          return true;
        }
      }
    }
    for (int i = 0; i < a.polygons.length; i++) {
      for (int j = 0; j < b.lines.length; j++) {
        if (boxes(a.polygonBounds, i, b.lineBounds, j)
            && linePolygon(b.lines[j], b.lineBounds, j, a.polygons[i], a.polygonBounds, i)) {
          return true;
        }
      }
      for (int j = 0; j < b.polygons.length; j++) {
        if (boxes(a.polygonBounds, i, b.polygonBounds, j)
            && polygonPolygon(
                a.polygons[i], a.polygonBounds, i, b.polygons[j], b.polygonBounds, j)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The point lies on or in some part of {@code g}. */
  static boolean covers(PlanarGeometry g, double x, double y) {
    if (x < g.minX || x > g.maxX || y < g.minY || y > g.maxY) {
      return false;
    }
    double[] p = g.points;
    for (int i = 0; i < p.length; i += 2) {
      if (p[i] == x && p[i + 1] == y) {
        return true;
      }
    }
    for (int i = 0; i < g.lines.length; i++) {
      if (inBox(g.lineBounds, i, x, y) && onPolyline(g.lines[i], x, y)) {
        return true;
      }
    }
    for (int i = 0; i < g.polygons.length; i++) {
      if (inBox(g.polygonBounds, i, x, y) && locate(g.polygons[i], x, y) != Location.OUTSIDE) {
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
   * Locates a point against a polygon with holes: on any ring is the boundary; otherwise inside
   * when inside the shell and outside every hole.
   */
  static Location locate(double[][] polygon, double x, double y) {
    for (int r = 0; r < polygon.length; r++) {
      Location l = locateInRing(polygon[r], x, y);
      if (l == Location.BOUNDARY) {
        return l;
      }
      boolean inside = l == Location.INSIDE;
      if (r == 0 ? !inside : inside) {
        // Outside the shell, or inside a hole (holes' boundaries were checked above).
        if (r == 0) {
          return Location.OUTSIDE;
        }
        for (int h = r + 1; h < polygon.length; h++) {
          if (locateInRing(polygon[h], x, y) == Location.BOUNDARY) {
            return Location.BOUNDARY;
          }
        }
        return Location.OUTSIDE;
      }
    }
    return Location.INSIDE;
  }

  /** Crossing-number test with the half-open rule, the crossing side decided by orientation. */
  static Location locateInRing(double[] ring, double x, double y) {
    boolean inside = false;
    for (int k = 0; k + 3 < ring.length; k += 2) {
      double ax = ring[k];
      double ay = ring[k + 1];
      double bx = ring[k + 2];
      double by = ring[k + 3];
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

  private static boolean onPolyline(double[] line, double x, double y) {
    for (int k = 0; k + 3 < line.length; k += 2) {
      if (onSegment(line[k], line[k + 1], line[k + 2], line[k + 3], x, y)) {
        return true;
      }
    }
    return false;
  }

  private static boolean onSegment(double ax, double ay, double bx, double by, double x, double y) {
    return x >= Math.min(ax, bx)
        && x <= Math.max(ax, bx)
        && y >= Math.min(ay, by)
        && y <= Math.max(ay, by)
        && orientation(ax, ay, bx, by, x, y) == 0;
  }

  private static boolean linePolygon(
      double[] line, double[] lb, int li, double[][] polygon, double[] pb, int pi) {
    // A vertex inside is the cheap common case; if no boundary is crossed either, the line lies
    // in one face of the polygon, outside since its vertex is.
    if (locate(polygon, line[0], line[1]) != Location.OUTSIDE) {
      return true;
    }
    for (double[] ring : polygon) {
      if (edgesCross(line, ring, pb, pi, lb, li)) {
        return true;
      }
    }
    return false;
  }

  private static boolean polygonPolygon(
      double[][] a, double[] ab, int ai, double[][] b, double[] bb, int bi) {
    // Vertex containment first: a small item inside a large query is the common case and is then
    // accepted without comparing edges.
    if (locate(b, a[0][0], a[0][1]) != Location.OUTSIDE
        || locate(a, b[0][0], b[0][1]) != Location.OUTSIDE) {
      return true;
    }
    for (double[] ra : a) {
      for (double[] rb : b) {
        if (edgesCross(ra, rb, bb, bi, ab, ai)) {
          return true;
        }
      }
    }
    // No boundaries meet and neither shell has a vertex in the other polygon: they are disjoint
    // (which includes one lying in a hole of the other).
    return false;
  }

  /**
   * Some edge of polyline {@code p} meets some edge of polyline {@code q}. Only edges overlapping
   * the other side's box ({@code qBox}/{@code pBox} at index {@code qi}/{@code pi}) are compared.
   */
  private static boolean edgesCross(
      double[] p, double[] q, double[] qBox, int qi, double[] pBox, int pi) {
    double qx0 = qBox[4 * qi];
    double qy0 = qBox[4 * qi + 1];
    double qx1 = qBox[4 * qi + 2];
    double qy1 = qBox[4 * qi + 3];
    double px0 = pBox[4 * pi];
    double py0 = pBox[4 * pi + 1];
    double px1 = pBox[4 * pi + 2];
    double py1 = pBox[4 * pi + 3];
    for (int i = 0; i + 3 < p.length; i += 2) {
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
      for (int j = 0; j + 3 < q.length; j += 2) {
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
    return a[4 * i] <= b[4 * j + 2]
        && b[4 * j] <= a[4 * i + 2]
        && a[4 * i + 1] <= b[4 * j + 3]
        && b[4 * j + 1] <= a[4 * i + 3];
  }

  private static boolean inBox(double[] b, int i, double x, double y) {
    return x >= b[4 * i] && x <= b[4 * i + 2] && y >= b[4 * i + 1] && y <= b[4 * i + 3];
  }
}
