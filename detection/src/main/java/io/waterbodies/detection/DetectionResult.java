package io.waterbodies.detection;

import io.waterbodies.core.geo.Bbox;
import io.waterbodies.detection.internal.GeoGrid;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * The outcome of one detection: the mask (1 water, 0 not water, 255 nodata) on the grid of the
 * cropped input, the threshold, diagnostics and a quicklook. Write it with {@link
 * DetectionOutputs}.
 */
public final class DetectionResult {
  private final byte[] mask;
  private final GeoGrid grid;
  private final Diagnostics diagnostics;
  private final BufferedImage quicklook;
  private final Supplier<Bbox> footprint;
  private Optional<Bbox> wgs84;

  /**
   * @param footprint computes the WGS 84 footprint (null when the CRS cannot be resolved); called
   *     at most once, on the first {@link #wgs84Bbox()}
   */
  DetectionResult(
      byte[] mask,
      GeoGrid grid,
      Diagnostics diagnostics,
      BufferedImage quicklook,
      Supplier<Bbox> footprint) {
    this.footprint = footprint;
    this.mask = mask;
    this.grid = grid;
    this.diagnostics = diagnostics;
    this.quicklook = quicklook;
  }

  /** Mask width in pixels. */
  public int width() {
    return grid.width();
  }

  /** Mask height in pixels. */
  public int height() {
    return grid.height();
  }

  /** The mask, row-major, read-only. */
  public ByteBuffer mask() {
    return ByteBuffer.wrap(mask).asReadOnlyBuffer();
  }

  /** The mask value at a pixel. */
  public int maskAt(int x, int y) {
    return mask[y * grid.width() + x] & 0xFF;
  }

  /** The threshold used. */
  public double threshold() {
    return diagnostics.threshold();
  }

  /** What was measured. */
  public Diagnostics diagnostics() {
    return diagnostics;
  }

  /** The pixel-to-map affine transform (GDAL order: x0, dx/di, dx/dj, y0, dy/di, dy/dj). */
  public List<Double> geoTransform() {
    double[] t = grid.transform();
    return List.of(t[0], t[1], t[2], t[3], t[4], t[5]);
  }

  /** The EPSG code from the source GeoKeys, when it has one. */
  public OptionalInt epsg() {
    int c = grid.epsg();
    return c > 0 ? OptionalInt.of(c) : OptionalInt.empty();
  }

  /** A small RGB rendering: the index in grey, water in blue, nodata black. */
  public BufferedImage quicklook() {
    return quicklook;
  }

  /**
   * The mask's footprint in WGS 84 longitude/latitude, when the raster CRS could be resolved.
   * Computed on the first call (for a local file, Apache SIS then reads the source file's CRS: the
   * first time in a JVM this costs a second or more, which a detection that never needs the
   * footprint does not pay); thread-safe.
   */
  public synchronized Optional<Bbox> wgs84Bbox() {
    if (wgs84 == null) {
      wgs84 = Optional.ofNullable(footprint.get());
    }
    return wgs84;
  }

  GeoGrid grid() {
    return grid;
  }

  byte[] maskArray() {
    return mask;
  }
}
