package io.waterbodies.detection;

import java.util.OptionalDouble;

/**
 * How the water/not-water threshold is chosen: Otsu's method exactly as scikit-image's {@code
 * threshold_otsu} (256 bins over the finite index values), or a fixed value. Water is index &gt;
 * threshold.
 *
 * @param fixed the fixed value, or empty for Otsu
 */
public record Threshold(OptionalDouble fixed) {
  /** Otsu's threshold over the valid pixels. */
  public static Threshold otsu() {
    return new Threshold(OptionalDouble.empty());
  }

  /** A fixed threshold. */
  public static Threshold fixed(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("threshold must be finite, got " + value);
    }
    return new Threshold(OptionalDouble.of(value));
  }

  /** Parses {@code otsu} or a number. */
  public static Threshold parse(String s) {
    if ("otsu".equalsIgnoreCase(s.trim())) {
      return otsu();
    }
    try {
      return fixed(Double.parseDouble(s.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("threshold must be 'otsu' or a number, got '" + s + "'");
    }
  }

  @Override
  public String toString() {
    return fixed.isPresent() ? Double.toString(fixed.getAsDouble()) : "otsu";
  }
}
