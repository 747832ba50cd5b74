package io.waterbodies.core.geo;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A GeoJSON / STAC bounding box of 4 ({@code west, south, east, north}) or 6 ({@code west, south,
 * minZ, east, north, maxZ}) numbers, in the order given. A box with {@code west > east} crosses the
 * antimeridian and is kept as given, never swapped.
 */
public final class Bbox {
  private final double[] values;

  private Bbox(double[] values) {
    this.values = values;
  }

  /**
   * Creates a box from 4 or 6 numbers.
   *
   * @throws IllegalArgumentException when the count is not 4 or 6, a value is not finite, or south
   *     is greater than north
   */
  public static Bbox of(double... values) {
    Objects.requireNonNull(values, "values");
    if (values.length != 4 && values.length != 6) {
      throw new IllegalArgumentException(
          "a bbox has 4 or 6 numbers, got " + values.length + ": " + Arrays.toString(values));
    }
    for (double v : values) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException(
            "bbox values must be finite: " + Arrays.toString(values));
      }
    }
    Bbox box = new Bbox(values.clone());
    if (box.south() > box.north()) {
      throw new IllegalArgumentException(
          "bbox south " + box.south() + " is greater than north " + box.north());
    }
    return box;
  }

  /** Creates a 2D box. */
  public static Bbox of(double west, double south, double east, double north) {
    return of(new double[] {west, south, east, north});
  }

  /**
   * Parses {@code "w,s,e,n"} or {@code "w,s,zmin,e,n,zmax"}.
   *
   * @throws IllegalArgumentException naming the text when it is not 4 or 6 comma-separated numbers
   */
  public static Bbox parse(String text) {
    Objects.requireNonNull(text, "text");
    String[] parts = text.trim().split("\\s*,\\s*");
    double[] v = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        v[i] = Double.parseDouble(parts[i]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "bbox '" + text + "': '" + parts[i] + "' is not a number", e);
      }
    }
    return of(v);
  }

  /** True for a 6-number box. */
  public boolean is3d() {
    return values.length == 6;
  }

  /** Western edge. */
  public double west() {
    return values[0];
  }

  /** Southern edge. */
  public double south() {
    return values[1];
  }

  /** Eastern edge. */
  public double east() {
    return values[is3d() ? 3 : 2];
  }

  /** Northern edge. */
  public double north() {
    return values[is3d() ? 4 : 3];
  }

  /** True when the box crosses the antimeridian ({@code west > east}). */
  public boolean crossesAntimeridian() {
    return west() > east();
  }

  /** The 2D box: a 3D box keeps indices 0, 1, 3, 4. */
  public Bbox to2d() {
    return is3d() ? new Bbox(new double[] {west(), south(), east(), north()}) : this;
  }

  /** The numbers in order, a copy. */
  public double[] toArray() {
    return values.clone();
  }

  /** The numbers in order as a list. */
  public List<Double> toList() {
    return Arrays.stream(values).boxed().collect(Collectors.toUnmodifiableList());
  }

  /** True when the two 2D boxes overlap, antimeridian crossing taken into account. */
  public boolean intersects(Bbox other) {
    if (south() > other.north() || other.south() > north()) {
      return false;
    }
    for (double[] a : lonRanges()) {
      for (double[] b : other.lonRanges()) {
        if (a[0] <= b[1] && b[0] <= a[1]) {
          return true;
        }
      }
    }
    return false;
  }

  private double[][] lonRanges() {
    if (crossesAntimeridian()) {
      return new double[][] {{west(), 180}, {-180, east()}};
    }
    return new double[][] {{west(), east()}};
  }

  /** The comma-joined form used in query strings, e.g. {@code 1.0,2.0,3.0,4.0}. */
  public String toQueryString() {
    return Arrays.stream(values).mapToObj(Bbox::format).collect(Collectors.joining(","));
  }

  private static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return Double.toString(v);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bbox b && Arrays.equals(values, b.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "Bbox" + Arrays.toString(values);
  }
}
