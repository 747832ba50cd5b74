package io.waterbodies.detection.internal;

import io.waterbodies.detection.Aoi;
import io.waterbodies.detection.BandRef;
import io.waterbodies.detection.InvalidAoiException;
import org.apache.sis.coverage.grid.GridGeometry;
import org.apache.sis.coverage.grid.PixelInCell;
import org.apache.sis.referencing.CRS;
import org.apache.sis.referencing.crs.AbstractCRS;
import org.apache.sis.referencing.cs.AxesConvention;
import org.opengis.referencing.crs.CoordinateReferenceSystem;
import org.opengis.referencing.operation.MathTransform;

/** An area of interest as a pixel box and as the read window of a raster. */
public final class AoiWindow {
  private AoiWindow() {}

  /** The AOI as a box in pixel coordinates of the green band: {minx, miny, maxx, maxy}. */
  public static double[] pixelBox(SisBandReader reader, Aoi aoi, BandRef green) {
    String loc = green.location();
    if (!(aoi.maxx() > aoi.minx()) || !(aoi.maxy() > aoi.miny())) {
      throw new InvalidAoiException(
          "AOI has zero or negative area: "
              + aoi.minx()
              + ","
              + aoi.miny()
              + ","
              + aoi.maxx()
              + ","
              + aoi.maxy(),
          loc);
    }
    CoordinateReferenceSystem target =
        reader
            .crs()
            .orElseThrow(
                () ->
                    new InvalidAoiException(
                        "the raster CRS could not be resolved, so the AOI cannot be transformed"
                            + EpsgDataset.hint(),
                        loc));
    try {
      CoordinateReferenceSystem src =
          AbstractCRS.castOrCopy(CRS.forCode(aoi.crs())).forConvention(AxesConvention.RIGHT_HANDED);
      MathTransform toRaster = CRS.findOperation(src, target, null).getMathTransform();
      GridGeometry gg = reader.gridGeometry();
      MathTransform toGrid = gg.getGridToCRS(PixelInCell.CELL_CORNER).inverse();
      double[] p = {aoi.minx(), aoi.miny(), aoi.maxx(), aoi.maxy()};
      toRaster.transform(p, 0, p, 0, 2);
      toGrid.transform(p, 0, p, 0, 2);
      // Box edges on pixel edges come back a few ulps off; snap them so the window is exact.
      for (int i = 0; i < 4; i++) {
        if (Math.abs(p[i] - Math.rint(p[i])) < 1e-6) {
          p[i] = Math.rint(p[i]);
        }
      }
      return new double[] {
        Math.min(p[0], p[2]), Math.min(p[1], p[3]), Math.max(p[0], p[2]), Math.max(p[1], p[3])
      };
    } catch (org.opengis.util.FactoryException
        | org.opengis.referencing.operation.TransformException
        | RuntimeException e) {
      throw new InvalidAoiException(
          "cannot transform the AOI from "
              + aoi.crs()
              + " to the raster CRS: "
              + e.getMessage()
              + (e instanceof org.opengis.referencing.NoSuchAuthorityCodeException
                  ? EpsgDataset.hint()
                  : ""),
          loc,
          e);
    }
  }

  /** The pixel window {x, y, w, h} covering {@code box} (the whole raster when null). */
  public static int[] window(double[] box, GeoGrid g, BandRef green) {
    if (box == null) {
      return new int[] {0, 0, g.width(), g.height()};
    }
    int x0 = (int) Math.max(0, Math.floor(box[0]));
    int y0 = (int) Math.max(0, Math.floor(box[1]));
    int x1 = (int) Math.min(g.width(), Math.ceil(box[2]));
    int y1 = (int) Math.min(g.height(), Math.ceil(box[3]));
    if (x1 <= x0 || y1 <= y0) {
      throw new InvalidAoiException(
          "AOI does not intersect the raster (" + g.width() + "x" + g.height() + " pixels)",
          green.location());
    }
    return new int[] {x0, y0, x1 - x0, y1 - y0};
  }
}
