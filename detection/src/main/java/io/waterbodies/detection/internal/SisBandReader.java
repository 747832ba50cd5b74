package io.waterbodies.detection.internal;

import io.waterbodies.detection.BandSelectionException;
import io.waterbodies.detection.RasterReadException;
import java.awt.image.Raster;
import java.awt.image.RenderedImage;
import java.nio.file.Path;
import org.apache.sis.coverage.grid.GridCoverage;
import org.apache.sis.coverage.grid.GridExtent;
import org.apache.sis.coverage.grid.GridGeometry;
import org.apache.sis.storage.Aggregate;
import org.apache.sis.storage.DataStore;
import org.apache.sis.storage.DataStoreException;
import org.apache.sis.storage.DataStores;
import org.apache.sis.storage.GridCoverageResource;
import org.apache.sis.storage.Resource;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/**
 * Reads windows of one band of a GeoTIFF through Apache SIS ({@code sis-geotiff}): tiled or
 * striped, deflate/LZW/PackBits/none. One reader per file and thread; close it when done.
 */
public final class SisBandReader implements AutoCloseable {
  private final String location;
  private final DataStore store;
  private final GridCoverageResource resource;
  private final GridGeometry grid;
  private final int band;

  /**
   * Opens a file and selects a band.
   *
   * @param file the GeoTIFF
   * @param band zero-based band index
   */
  public SisBandReader(Path file, int band) {
    this.location = file.toString();
    this.band = band;
    DataStore ds = null;
    try {
      ds = DataStores.open(file);
      Resource first =
          ds instanceof Aggregate agg ? agg.components().iterator().next() : (Resource) ds;
      if (!(first instanceof GridCoverageResource gcr)) {
        throw new RasterReadException("no raster image in file", location);
      }
      this.resource = gcr;
      this.grid = gcr.getGridGeometry();
      int n = gcr.getSampleDimensions().size();
      if (band < 0 || band >= n) {
        throw new BandSelectionException(
            "band " + (band + 1) + " requested but the file has " + n + " band(s)", location);
      }
      this.store = ds;
    } catch (DataStoreException | RuntimeException e) {
      closeQuietly(ds);
      if (e instanceof io.waterbodies.detection.DetectionException de) {
        throw de;
      }
      throw new RasterReadException("cannot open GeoTIFF: " + e.getMessage(), location, e);
    }
  }

  private static void closeQuietly(DataStore ds) {
    if (ds != null) {
      try {
        ds.close();
      } catch (DataStoreException ignored) {
        // already failing
      }
    }
  }

  /** The raster CRS as SIS understands it, if it could build one. */
  public java.util.Optional<CoordinateReferenceSystem> crs() {
    return grid.isDefined(GridGeometry.CRS)
        ? java.util.Optional.of(grid.getCoordinateReferenceSystem())
        : java.util.Optional.empty();
  }

  /** The full grid geometry of the image. */
  public GridGeometry gridGeometry() {
    return grid;
  }

  /**
   * Reads a window of the band as float32 values, row-major, {@code w * h} long.
   *
   * @throws RasterReadException when decoding fails (corrupt or truncated data)
   */
  public float[] read(int x, int y, int w, int h) {
    GridExtent window = new GridExtent(null, new long[] {x, y}, new long[] {x + w, y + h}, false);
    try {
      GridGeometry domain = grid.derive().subgrid(window).build();
      GridCoverage cov = resource.read(domain, band);
      RenderedImage img = cov.render(window);
      Raster r = img.getData(new java.awt.Rectangle(img.getMinX(), img.getMinY(), w, h));
      return r.getSamples(img.getMinX(), img.getMinY(), w, h, 0, new float[w * h]);
    } catch (DataStoreException | RuntimeException e) {
      throw new RasterReadException(
          "cannot read pixels of window x="
              + x
              + " y="
              + y
              + " "
              + w
              + "x"
              + h
              + ": "
              + e.getMessage(),
          location,
          e);
    }
  }

  @Override
  public void close() {
    closeQuietly(store);
  }
}
