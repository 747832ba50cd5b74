package io.waterbodies.detection;

import io.waterbodies.detection.internal.GeoGrid;
import io.waterbodies.detection.internal.TiffDirectory;
import io.waterbodies.detection.internal.TiffWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a single-band uint16 GeoTIFF on a north-up grid in a projected EPSG CRS (for example a WGS
 * 84 / UTM zone): tiled 256 x 256, deflate, GDAL_NODATA, and the GeoKeys GDAL, rasterio and this
 * module's reader understand. The same writer produces the detection masks; this entry point exists
 * for input rasters such as synthetic test scenes.
 */
public final class GeoTiffWriter {
  private GeoTiffWriter() {}

  /**
   * A north-up grid of square pixels in a projected CRS whose unit is the metre.
   *
   * @param width pixels per row (at least 1)
   * @param height rows (at least 1)
   * @param epsg EPSG code of the projected CRS, for example 32633 (WGS 84 / UTM zone 33N)
   * @param originX easting of the upper-left corner of the upper-left pixel, in metres
   * @param originY northing of that corner, in metres
   * @param pixelSize pixel width and height in metres (positive)
   */
  public record Grid(
      int width, int height, int epsg, double originX, double originY, double pixelSize) {
    /** Validates the grid. */
    public Grid {
      if (width < 1 || height < 1) {
        throw new IllegalArgumentException("grid size must be positive: " + width + " x " + height);
      }
      if (epsg < 1024 || epsg > 32766) {
        throw new IllegalArgumentException("not an EPSG code of a projected CRS: " + epsg);
      }
      if (!(pixelSize > 0) || Double.isInfinite(pixelSize)) {
        throw new IllegalArgumentException("pixel size must be positive: " + pixelSize);
      }
      if (!Double.isFinite(originX) || !Double.isFinite(originY)) {
        throw new IllegalArgumentException("origin must be finite: " + originX + ", " + originY);
      }
    }
  }

  /**
   * Writes {@code pixels} (row-major, width x height, read as unsigned 16-bit) to {@code file}.
   *
   * @param nodata the GDAL_NODATA value (0 to 65535); also pads partial edge tiles
   * @throws DetectionException when the file cannot be written
   * @throws IllegalArgumentException when the array does not match the grid or nodata is out of
   *     range
   */
  public static void writeUint16(Path file, short[] pixels, Grid grid, int nodata) {
    if (nodata < 0 || nodata > 0xFFFF) {
      throw new IllegalArgumentException("uint16 nodata out of range: " + nodata);
    }
    try {
      TiffWriter.writeUint16(file, pixels, geoGrid(grid), nodata);
    } catch (IOException e) {
      throw new DetectionException(
          "cannot write GeoTIFF: " + e.getMessage(), file.toString(), null, e);
    }
  }

  private static GeoGrid geoGrid(Grid g) {
    ByteOrder le = ByteOrder.LITTLE_ENDIAN;
    double[] transform = {g.originX(), g.pixelSize(), 0, g.originY(), 0, -g.pixelSize()};
    // GeoKey directory: version 1.1.0, then (key, location 0 = inline, count 1, value).
    int[] keys = {
      1, 1, 0, 4,
      1024, 0, 1, 1, // GTModelTypeGeoKey: projected
      1025, 0, 1, 1, // GTRasterTypeGeoKey: PixelIsArea
      3072, 0, 1, g.epsg(), // ProjectedCSTypeGeoKey
      3076, 0, 1, 9001 // ProjLinearUnitsGeoKey: metre
    };
    ByteBuffer kb = ByteBuffer.allocate(2 * keys.length).order(le);
    for (int k : keys) {
      kb.putShort((short) k);
    }
    return new GeoGrid(
        g.width(),
        g.height(),
        transform,
        List.of(
            doubles(TiffDirectory.MODEL_PIXEL_SCALE, g.pixelSize(), g.pixelSize(), 0),
            doubles(TiffDirectory.MODEL_TIEPOINT, 0, 0, 0, g.originX(), g.originY(), 0),
            new TiffDirectory.Entry(
                TiffDirectory.GEO_KEY_DIRECTORY, 3, keys.length, kb.array(), le)));
  }

  private static TiffDirectory.Entry doubles(int tag, double... v) {
    ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (double d : v) {
      b.putDouble(d);
    }
    return new TiffDirectory.Entry(tag, 12, v.length, b.array(), ByteOrder.LITTLE_ENDIAN);
  }
}
