package io.waterbodies.detection.internal;

/** Resampling of a band onto another grid. */
public final class Resampling {
  private Resampling() {}

  /**
   * Nearest-neighbour resampling of another band onto rows of the output grid: each output pixel
   * centre is located in the other band's grid; pixels falling outside it become NaN.
   */
  public static float[] nearest(
      SisBandReader reader, GeoGrid src, GeoGrid dst, int dx, int dy, int w, int h) {
    double[] d = dst.transform();
    double[] s = src.transform();
    int[] cols = new int[w];
    int[] rows = new int[h];
    int cmin = Integer.MAX_VALUE;
    int cmax = Integer.MIN_VALUE;
    int rmin = Integer.MAX_VALUE;
    int rmax = Integer.MIN_VALUE;
    for (int i = 0; i < w; i++) {
      double x = d[0] + (dx + i + 0.5) * d[1];
      int c = (int) Math.floor((x - s[0]) / s[1]);
      cols[i] = c >= 0 && c < src.width() ? c : -1;
      if (cols[i] >= 0) {
        cmin = Math.min(cmin, c);
        cmax = Math.max(cmax, c);
      }
    }
    for (int j = 0; j < h; j++) {
      double y = d[3] + (dy + j + 0.5) * d[5];
      int r = (int) Math.floor((y - s[3]) / s[5]);
      rows[j] = r >= 0 && r < src.height() ? r : -1;
      if (rows[j] >= 0) {
        rmin = Math.min(rmin, r);
        rmax = Math.max(rmax, r);
      }
    }
    float[] out = new float[w * h];
    java.util.Arrays.fill(out, Float.NaN);
    if (cmin > cmax || rmin > rmax) {
      return out;
    }
    int sw = cmax - cmin + 1;
    float[] v = reader.read(cmin, rmin, sw, rmax - rmin + 1);
    for (int j = 0; j < h; j++) {
      if (rows[j] < 0) {
        continue;
      }
      int base = (rows[j] - rmin) * sw;
      for (int i = 0; i < w; i++) {
        if (cols[i] >= 0) {
          out[j * w + i] = v[base + cols[i] - cmin];
        }
      }
    }
    return out;
  }
}
