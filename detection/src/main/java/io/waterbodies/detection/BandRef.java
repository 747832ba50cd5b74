package io.waterbodies.detection;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One band of a GeoTIFF file: the file and a 1-based band index (as GDAL and the command line count
 * bands).
 *
 * @param file the GeoTIFF
 * @param band 1-based band index
 */
public record BandRef(Path file, int band) {
  /** Checks the arguments. */
  public BandRef {
    Objects.requireNonNull(file, "file");
    if (band < 1) {
      throw new IllegalArgumentException("band index must be >= 1, got " + band);
    }
  }

  /** The first band of a file. */
  public static BandRef of(Path file) {
    return new BandRef(file, 1);
  }

  /**
   * Parses {@code FILE[:BAND]}. A trailing {@code :N} with N digits is the band, anything else is
   * part of the file name.
   */
  public static BandRef parse(String spec) {
    int i = spec.lastIndexOf(':');
    if (i > 0
        && i < spec.length() - 1
        && spec.substring(i + 1).chars().allMatch(Character::isDigit)) {
      return new BandRef(Path.of(spec.substring(0, i)), Integer.parseInt(spec.substring(i + 1)));
    }
    return new BandRef(Path.of(spec), 1);
  }

  @Override
  public String toString() {
    return file + ":" + band;
  }
}
