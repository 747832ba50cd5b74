package io.waterbodies.detection.internal;

import io.waterbodies.detection.RasterReadException;
import java.util.ArrayList;
import java.util.List;

/**
 * The georeferencing of a raster window: its size, an affine pixel-to-map transform (GDAL order:
 * x0, dx/di, dx/dj, y0, dy/di, dy/dj, pixel corner) and the raw GeoTIFF tags to copy into an
 * output. Copying the GeoKey tags byte for byte keeps any CRS intact, including ones Apache SIS
 * cannot resolve without the EPSG database.
 */
public record GeoGrid(
    int width, int height, double[] transform, List<TiffDirectory.Entry> geoTags) {

  /** The georeferencing of a whole file. */
  public static GeoGrid of(TiffDirectory dir) {
    double[] gt;
    TiffDirectory.Entry m = dir.get(TiffDirectory.MODEL_TRANSFORMATION);
    TiffDirectory.Entry s = dir.get(TiffDirectory.MODEL_PIXEL_SCALE);
    TiffDirectory.Entry t = dir.get(TiffDirectory.MODEL_TIEPOINT);
    if (m != null && m.count() >= 16) {
      double[] v = m.doubles();
      gt = new double[] {v[3], v[0], v[1], v[7], v[4], v[5]};
    } else if (s != null && t != null && s.count() >= 2 && t.count() >= 6) {
      double[] sc = s.doubles();
      double[] tp = t.doubles();
      gt = new double[] {tp[3] - tp[0] * sc[0], sc[0], 0, tp[4] + tp[1] * sc[1], 0, -sc[1]};
    } else {
      throw new RasterReadException(
          "not a GeoTIFF: no ModelTransformation or ModelTiepoint+ModelPixelScale tags",
          dir.location());
    }
    List<TiffDirectory.Entry> tags = new ArrayList<>();
    for (int tag :
        new int[] {
          TiffDirectory.MODEL_PIXEL_SCALE,
          TiffDirectory.MODEL_TIEPOINT,
          TiffDirectory.MODEL_TRANSFORMATION,
          TiffDirectory.GEO_KEY_DIRECTORY,
          TiffDirectory.GEO_DOUBLE_PARAMS,
          TiffDirectory.GEO_ASCII_PARAMS
        }) {
      if (dir.get(tag) != null) {
        tags.add(dir.get(tag));
      }
    }
    return new GeoGrid(dir.width(), dir.height(), gt, List.copyOf(tags));
  }

  /** The EPSG code of the CRS from the GeoKeys (ProjectedCSType or GeographicType), or 0. */
  public int epsg() {
    for (TiffDirectory.Entry e : geoTags) {
      if (e.tag() == TiffDirectory.GEO_KEY_DIRECTORY) {
        long[] k = e.longs();
        int projected = 0;
        int geographic = 0;
        for (int i = 4; i + 3 < k.length; i += 4) {
          if (k[i + 1] == 0 && k[i] == 3072) {
            projected = (int) k[i + 3];
          } else if (k[i + 1] == 0 && k[i] == 2048) {
            geographic = (int) k[i + 3];
          }
        }
        int code = projected != 0 ? projected : geographic;
        return code == 32767 ? 0 : code;
      }
    }
    return 0;
  }

  /** The same georeferencing for the window starting at pixel (x, y) of size w x h. */
  public GeoGrid window(int x, int y, int w, int h) {
    double[] g = transform;
    double[] ng =
        new double[] {
          g[0] + x * g[1] + y * g[2], g[1], g[2], g[3] + x * g[4] + y * g[5], g[4], g[5]
        };
    List<TiffDirectory.Entry> tags = new ArrayList<>();
    for (TiffDirectory.Entry e : geoTags) {
      if (x == 0 && y == 0) {
        tags.add(e);
      } else if (e.tag() == TiffDirectory.MODEL_TIEPOINT) {
        double[] tp = e.doubles();
        // Keep the file's tiepoint semantics (including PixelIsPoint), moved to the window origin.
        double sx = g[1];
        double sy = -g[5];
        double[] nt = {0, 0, tp[2], tp[3] + (x - tp[0]) * sx, tp[4] - (y - tp[1]) * sy, tp[5]};
        tags.add(doubles(e, nt));
      } else if (e.tag() == TiffDirectory.MODEL_TRANSFORMATION) {
        double[] m = e.doubles().clone();
        m[3] = m[0] * x + m[1] * y + m[3];
        m[7] = m[4] * x + m[5] * y + m[7];
        tags.add(doubles(e, m));
      } else {
        tags.add(e);
      }
    }
    return new GeoGrid(w, h, ng, List.copyOf(tags));
  }

  /**
   * The georeferencing of a reduced-resolution level of this (full) grid with {@code w x h} pixels
   * covering the same extent: pixel sizes scaled, tie points moved to the coarser raster
   * coordinates, the GeoKeys unchanged.
   */
  public GeoGrid overview(int w, int h) {
    double fx = width / (double) w;
    double fy = height / (double) h;
    double[] g = transform;
    double[] ng = {g[0], g[1] * fx, g[2] * fy, g[3], g[4] * fx, g[5] * fy};
    List<TiffDirectory.Entry> tags = new ArrayList<>();
    for (TiffDirectory.Entry e : geoTags) {
      if (e.tag() == TiffDirectory.MODEL_PIXEL_SCALE) {
        double[] sc = e.doubles().clone();
        sc[0] *= fx;
        sc[1] *= fy;
        tags.add(doubles(e, sc));
      } else if (e.tag() == TiffDirectory.MODEL_TIEPOINT) {
        double[] tp = e.doubles().clone();
        for (int i = 0; i + 5 < tp.length; i += 6) {
          tp[i] /= fx;
          tp[i + 1] /= fy;
        }
        tags.add(doubles(e, tp));
      } else if (e.tag() == TiffDirectory.MODEL_TRANSFORMATION) {
        double[] m = e.doubles().clone();
        m[0] *= fx;
        m[1] *= fy;
        m[4] *= fx;
        m[5] *= fy;
        tags.add(doubles(e, m));
      } else {
        tags.add(e);
      }
    }
    return new GeoGrid(w, h, ng, List.copyOf(tags));
  }

  private static TiffDirectory.Entry doubles(TiffDirectory.Entry like, double[] v) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(v.length * 8).order(like.order());
    for (double d : v) {
      b.putDouble(d);
    }
    return new TiffDirectory.Entry(like.tag(), 12, v.length, b.array(), like.order());
  }

  /** Area of one pixel in CRS units squared (m2 for projected CRSs in metres). */
  public double pixelArea() {
    return Math.abs(transform[1] * transform[5] - transform[2] * transform[4]);
  }

  /** True when both grids have the same size and transform (within 1e-9 relative). */
  public boolean sameGrid(GeoGrid o) {
    if (width != o.width || height != o.height) {
      return false;
    }
    for (int i = 0; i < 6; i++) {
      double tol = 1e-9 * Math.max(1, Math.abs(transform[i]));
      if (Math.abs(transform[i] - o.transform[i]) > tol) {
        return false;
      }
    }
    return true;
  }
}
