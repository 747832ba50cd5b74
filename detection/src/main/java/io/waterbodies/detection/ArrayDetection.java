package io.waterbodies.detection;

import io.waterbodies.detection.internal.ConstantBand;
import io.waterbodies.detection.internal.NdwiKernel;
import java.util.Objects;

/**
 * The detection kernel on pixels already in memory: normalized difference, the constant-band check,
 * the numpy-exact 256-bin histogram, Otsu's threshold and the mask, in the passes {@link
 * WaterDetector} runs on each raster (without reading, cropping or writing anything). For
 * benchmarks and for hosts that hold band arrays themselves.
 */
public final class ArrayDetection {
  private ArrayDetection() {}

  /**
   * What one run found.
   *
   * @param threshold Otsu's threshold on the index (the minimum when all values are equal)
   * @param min smallest finite index value
   * @param max largest finite index value
   * @param validPixels pixels with a finite index
   * @param waterPixels pixels whose index is above the threshold
   * @param constantBand true when either band holds a single value (no index can be computed)
   */
  public record Result(
      double threshold,
      float min,
      float max,
      long validPixels,
      long waterPixels,
      boolean constantBand) {}

  /**
   * Runs the kernel on two bands of the same length.
   *
   * @param a the first band (green)
   * @param b the second band (nir for NDWI, swir16 for MNDWI)
   * @param nodata the band value that marks a missing pixel in either band
   * @param useNodata whether {@code nodata} is honoured
   * @param index receives the index of each pixel (NaN where missing or 0/0); same length
   * @param mask receives 1 for water, 0 for land and 255 (-1 as a byte) where the index is NaN;
   *     same length
   * @return the threshold and counts; no valid pixel gives NaN bounds and a NaN threshold
   */
  public static Result run(
      float[] a, float[] b, float nodata, boolean useNodata, float[] index, byte[] mask) {
    int n = Objects.requireNonNull(a, "a").length;
    if (Objects.requireNonNull(b, "b").length != n
        || Objects.requireNonNull(index, "index").length != n
        || Objects.requireNonNull(mask, "mask").length != n) {
      throw new IllegalArgumentException(
          "the arrays differ in length: a "
              + n
              + ", b "
              + b.length
              + ", index "
              + index.length
              + ", mask "
              + mask.length);
    }
    NdwiKernel.Range st = NdwiKernel.index(a, b, n, nodata, useNodata, index, 0);
    ConstantBand ca = new ConstantBand(nodata, useNodata);
    ca.observe(a);
    ConstantBand cb = new ConstantBand(nodata, useNodata);
    cb.observe(b);
    if (st.isEmpty()) {
      return new Result(Double.NaN, Float.NaN, Float.NaN, 0, 0, false);
    }
    float[] edges = NdwiKernel.binEdges(st.min(), st.max());
    NdwiKernel.Histogram h = NdwiKernel.histogram(index, edges);
    double t =
        st.min() == st.max() ? st.min() : NdwiKernel.otsu(h.counts(), NdwiKernel.binCentres(edges));
    long water = NdwiKernel.maskAndCount(index, t, false, mask);
    return new Result(t, st.min(), st.max(), h.valid(), water, ca.isConstant() || cb.isConstant());
  }
}
