package io.waterbodies.detection.internal;

import java.util.stream.IntStream;

/**
 * The numeric heart: normalized difference in float32, its range, a numpy-exact histogram,
 * scikit-image compatible Otsu and the mask, as three passes over the index (see README,
 * "Performance"). Every loop runs over row blocks in parallel; results do not depend on the number
 * of threads because counts are integers and the Otsu sums run in a fixed order over 256 bins.
 */
public final class NdwiKernel {
  /** Number of histogram bins, as scikit-image's default. */
  public static final int BINS = 256;

  private static final int BLOCK = 1 << 16;

  private NdwiKernel() {}

  /** The smallest and largest finite index value; empty (min > max) when there is none. */
  public record Range(float min, float max) {
    /** The neutral element of {@link #merge}: no value. */
    public static Range empty() {
      return new Range(Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY);
    }

    /** Whether no finite value was seen. */
    public boolean isEmpty() {
      return !(min <= max);
    }

    /** Combines two partial ranges (order-independent). */
    public Range merge(Range o) {
      return new Range(Math.min(min, o.min), Math.max(max, o.max));
    }
  }

  /**
   * Writes (a - b) / (a + b) in float32 into {@code out[off..off+n)}, NaN where either input equals
   * {@code nodata} (when {@code useNodata}) or a + b == 0, exactly like the reference, and returns
   * the range of the finite results. Counting (valid, positive, water) is left to {@link
   * #maskAndCount}, whose branch-free loop vectorizes; here it would cost more than the division.
   */
  public static Range index(
      float[] a, float[] b, int n, float nodata, boolean useNodata, float[] out, int off) {
    // NaN never equals a sample, so without nodata the same loop serves.
    float nd = useNodata ? nodata : Float.NaN;
    int blocks = (n + BLOCK - 1) / BLOCK;
    return IntStream.range(0, blocks)
        .parallel()
        .mapToObj(
            k -> {
              int from = k * BLOCK;
              int to = Math.min(n, from + BLOCK);
              float mn = Float.POSITIVE_INFINITY;
              float mx = Float.NEGATIVE_INFINITY;
              for (int i = from; i < to; i++) {
                float x = a[i];
                float y = b[i];
                float s = x + y;
                float v = (s != 0f && x != nd && y != nd) ? (x - y) / s : Float.NaN;
                out[off + i] = v;
                // Finite values only; plain comparisons are much faster than Math.min/max, which
                // must handle NaN and signed zeros, and rarely change the registers.
                if (v >= -Float.MAX_VALUE && v <= Float.MAX_VALUE) {
                  if (v < mn) {
                    mn = v;
                  }
                  if (v > mx) {
                    mx = v;
                  }
                }
              }
              return new Range(mn, mx);
            })
        .reduce(Range.empty(), Range::merge);
  }

  /** The range of the finite values of an index array (after masking changed it). */
  public static Range range(float[] v) {
    int blocks = (v.length + BLOCK - 1) / BLOCK;
    return IntStream.range(0, blocks)
        .parallel()
        .mapToObj(
            k -> {
              int from = k * BLOCK;
              int to = Math.min(v.length, from + BLOCK);
              float mn = Float.POSITIVE_INFINITY;
              float mx = Float.NEGATIVE_INFINITY;
              for (int i = from; i < to; i++) {
                float x = v[i];
                if (x >= -Float.MAX_VALUE && x <= Float.MAX_VALUE) {
                  if (x < mn) {
                    mn = x;
                  }
                  if (x > mx) {
                    mx = x;
                  }
                }
              }
              return new Range(mn, mx);
            })
        .reduce(Range.empty(), Range::merge);
  }

  /**
   * The 257 bin edges numpy's {@code histogram(values, 256)} uses for float32 data: computed in
   * double from a float32 step, rounded to float32, the last edge exactly the maximum.
   */
  public static float[] binEdges(float min, float max) {
    float lo = min;
    float hi = max;
    if (lo == hi) {
      lo = lo - 0.5f;
      hi = hi + 0.5f;
    }
    float step = (hi - lo) / BINS;
    float[] e = new float[BINS + 1];
    for (int i = 0; i < BINS; i++) {
      e[i] = (float) ((double) i * (double) step + (double) lo);
    }
    e[BINS] = hi;
    return e;
  }

  /**
   * A histogram and what it counts on the side: {@code valid} values (all finite values lie between
   * the outer edges) and, of those, the {@code positive} ones (index above zero).
   */
  public record Histogram(long[] counts, long valid, long positive) {}

  /**
   * numpy-compatible 256-bin histogram of the finite values between the first and last edge (equal
   * to {@link #histogramPlain}) with the count of values above zero, in one pass. A table over
   * {@value #SUB_BINS} sub-bins gives the bin of most values without numpy's per-value edge
   * corrections.
   *
   * <p>Why it is exact: the sub-bin estimate {@code (int) ((x - first) * scale)} is monotone in x
   * (every float operation in it rounds monotonically), so each sub-bin holds an interval of
   * floats. A sub-bin that no boundary splits lies inside one bin and the table holds that bin; a
   * sub-bin a boundary splits is marked, and its values take numpy's path. Numpy's corrected
   * estimate equals "the last edge not above x" whenever its raw estimate is at most one bin off,
   * which {@link #edgesAreRegular} checks at both ends of every bin (the estimate is monotone too);
   * if it fails (degenerate ranges where float32 edges coincide) every value takes numpy's path.
   * Zero is one more boundary: the bin holding it is counted as two (values up to zero, values
   * above), so the positive count costs nothing per value.
   */
  public static Histogram histogram(float[] v, float[] edges) {
    float first = edges[0];
    float last = edges[BINS];
    float scale = (float) (SUB_BINS / (double) (last - first));
    if (!edgesAreRegular(edges) || !Float.isFinite(scale)) {
      return histogramPlain(v, edges);
    }
    float norm = numpyNorm(edges);
    // The bin holding the smallest positive float is split in two when zero lies inside the range.
    boolean zeroInside = first <= 0f && last >= Float.MIN_VALUE;
    int zeroBin = zeroInside ? numpyBin(Float.MIN_VALUE, edges, first, norm) : BINS;
    short[] table = subBinTable(edges, scale, zeroInside);
    int blocks = (v.length + BLOCK - 1) / BLOCK;
    long[] split =
        sum(
            IntStream.range(0, blocks)
                .parallel()
                .mapToObj(
                    k -> {
                      int[] h = new int[BINS + 1];
                      int from = k * BLOCK;
                      int to = Math.min(v.length, from + BLOCK);
                      for (int i = from; i < to; i++) {
                        float x = v[i];
                        if (!(x >= first && x <= last)) {
                          continue; // NaN and out of range
                        }
                        int bin = table[subBin(x, first, scale)];
                        if (bin < 0) {
                          // Past the split at zero, bins shift by one (no x > 0 lies below it).
                          bin = numpyBin(x, edges, first, norm) + (zeroInside && x > 0f ? 1 : 0);
                        }
                        h[bin]++;
                      }
                      return h;
                    }),
            BINS + 1);
    long[] counts = new long[BINS];
    long valid = 0;
    long positive = 0;
    for (int vb = 0; vb <= BINS; vb++) {
      valid += split[vb];
      if (!zeroInside) {
        if (vb < BINS) {
          counts[vb] = split[vb];
        }
      } else {
        counts[vb > zeroBin ? vb - 1 : vb] += split[vb];
        positive += vb > zeroBin ? split[vb] : 0;
      }
    }
    if (!zeroInside && first > 0f) {
      positive = valid;
    }
    return new Histogram(counts, valid, positive);
  }

  /** Sub-bins of the histogram table: a split sub-bin is rare (at most 256 of them). */
  static final int SUB_BINS = 1 << 16;

  /**
   * The sub-bin of x in [first, last]: 0 to {@value #SUB_BINS} without a clamp (the hot loop is
   * faster without it), because x - first is at least zero and rounds to at most last - first, and
   * scale (finite) is within a float rounding of SUB_BINS / (last - first).
   */
  private static int subBin(float x, float first, float scale) {
    return (int) ((x - first) * scale);
  }

  /**
   * For each sub-bin the (split) bin all its floats fall in, or -1 where a boundary splits it. A
   * float's bin is the number of boundaries at or below it: edges 1 to 255 and, when {@code zero},
   * the smallest positive float.
   */
  private static short[] subBinTable(float[] edges, float scale, boolean zero) {
    float first = edges[0];
    int[] boundariesFrom = new int[SUB_BINS + 1];
    boolean[] split = new boolean[SUB_BINS + 1];
    int boundaries = zero ? BINS : BINS - 1;
    for (int i = 1; i <= boundaries; i++) {
      float b = i < BINS ? edges[i] : Float.MIN_VALUE;
      // Floats below boundary b estimate to at most p, floats from it on to at least q (p <= q).
      int q = subBin(b, first, scale);
      int p = subBin(Math.nextDown(b), first, scale);
      if (p == q) {
        split[q] = true;
      }
      boundariesFrom[q]++;
    }
    short[] table = new short[SUB_BINS + 1];
    int bin = 0;
    for (int j = 0; j <= SUB_BINS; j++) {
      bin += boundariesFrom[j];
      table[j] = split[j] ? (short) -1 : (short) bin;
    }
    return table;
  }

  /**
   * Whether numpy's raw estimate is at most one bin off at both ends of every bin, with strictly
   * increasing edges: then it is so for every value (the estimate is monotone) and numpy's result
   * is "the last edge not above x".
   */
  static boolean edgesAreRegular(float[] edges) {
    float first = edges[0];
    float norm = numpyNorm(edges);
    for (int i = 0; i < BINS; i++) {
      if (!(edges[i] < edges[i + 1])) {
        return false;
      }
      float hi = i == BINS - 1 ? edges[BINS] : Math.nextDown(edges[i + 1]);
      int lo = numpyEstimate(edges[i], first, norm);
      int up = numpyEstimate(hi, first, norm);
      if (Math.abs(lo - i) > 1 || Math.abs(up - i) > 1) {
        return false;
      }
    }
    return true;
  }

  /** numpy's scale: float32 difference of the outer edges, float64 quotient rounded to float32. */
  private static float numpyNorm(float[] edges) {
    return (float) (BINS / (double) (edges[BINS] - edges[0]));
  }

  private static int numpyEstimate(float x, float first, float norm) {
    int idx = (int) ((x - first) * norm);
    return idx >= BINS ? BINS - 1 : Math.max(idx, 0);
  }

  /** numpy's bin of one value: the float32 estimate, then one step down or up against the edges. */
  private static int numpyBin(float x, float[] edges, float first, float norm) {
    int idx = numpyEstimate(x, first, norm);
    if (x < edges[idx]) {
      idx--;
    } else if (idx != BINS - 1 && x >= edges[idx + 1]) {
      idx++;
    }
    return idx;
  }

  /** numpy's histogram operation for operation, positives counted plainly; the oracle. */
  static Histogram histogramPlain(float[] v, float[] edges) {
    float first = edges[0];
    float last = edges[BINS];
    float norm = numpyNorm(edges);
    int blocks = (v.length + BLOCK - 1) / BLOCK;
    // Bin BINS of the partial histograms counts the positive values.
    long[] h =
        sum(
            IntStream.range(0, blocks)
                .parallel()
                .mapToObj(
                    k -> {
                      int[] p = new int[BINS + 1];
                      int from = k * BLOCK;
                      int to = Math.min(v.length, from + BLOCK);
                      for (int i = from; i < to; i++) {
                        float x = v[i];
                        if (x >= first && x <= last) {
                          p[numpyBin(x, edges, first, norm)]++;
                          p[BINS] += x > 0f ? 1 : 0;
                        }
                      }
                      return p;
                    }),
            BINS + 1);
    long valid = 0;
    for (int i = 0; i < BINS; i++) {
      valid += h[i];
    }
    return new Histogram(java.util.Arrays.copyOf(h, BINS), valid, h[BINS]);
  }

  private static long[] sum(java.util.stream.Stream<int[]> partial, int length) {
    return partial.collect(
        () -> new long[length],
        (acc, h) -> {
          for (int i = 0; i < length; i++) {
            acc[i] += h[i];
          }
        },
        (p, q) -> {
          for (int i = 0; i < length; i++) {
            p[i] += q[i];
          }
        });
  }

  /** Bin centres in float32: (e[i] + e[i+1]) / 2 as numpy computes them for float32 edges. */
  public static float[] binCentres(float[] edges) {
    float[] c = new float[BINS];
    for (int i = 0; i < BINS; i++) {
      c[i] = (edges[i] + edges[i + 1]) / 2f;
    }
    return c;
  }

  /**
   * scikit-image {@code threshold_otsu} on a histogram: cumulative sums in double in the same
   * order, between-class variance {@code w1[:-1] * w2[1:] * (m1[:-1] - m2[1:])^2}, first maximum.
   */
  public static float otsu(long[] counts, float[] centres) {
    int n = counts.length;
    double[] w1 = new double[n];
    double[] w2 = new double[n];
    double[] m1 = new double[n];
    double[] m2 = new double[n];
    double cw = 0;
    double cs = 0;
    for (int i = 0; i < n; i++) {
      cw += counts[i];
      cs += counts[i] * (double) centres[i];
      w1[i] = cw;
      m1[i] = cs / cw;
    }
    cw = 0;
    cs = 0;
    for (int i = n - 1; i >= 0; i--) {
      cw += counts[i];
      cs += counts[i] * (double) centres[i];
      w2[i] = cw;
      m2[i] = cs / cw;
    }
    int best = 0;
    double bestVar = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n - 1; i++) {
      double d = m1[i] - m2[i + 1];
      double var = w1[i] * w2[i + 1] * (d * d);
      // NaN (empty classes) never wins, as numpy's argmax would return it only if first.
      if (var > bestVar) {
        bestVar = var;
        best = i;
      }
    }
    return centres[best];
  }

  /**
   * {@link #mask} fused with the count of water pixels (mask value 1): one branch-free pass (C2
   * vectorizes it), same bytes.
   *
   * @return the number of water pixels
   */
  public static long maskAndCount(float[] v, double threshold, boolean noWater, byte[] out) {
    // With noWater no value passes the threshold.
    float tf = noWater ? Float.POSITIVE_INFINITY : floatThreshold(threshold);
    int blocks = (v.length + BLOCK - 1) / BLOCK;
    return IntStream.range(0, blocks)
        .parallel()
        .mapToLong(
            k -> {
              int from = k * BLOCK;
              int to = Math.min(v.length, from + BLOCK);
              // NaN compares false: water is x > t and nodata (NaN) is 255 | 0.
              int count = 0;
              for (int i = from; i < to; i++) {
                float x = v[i];
                int w = x > tf ? 1 : 0;
                int nan = x != x ? 255 : 0;
                count += w;
                out[i] = (byte) (w | nan);
              }
              return count;
            })
        .sum();
  }

  /**
   * The float {@code f} with {@code x > f} exactly when {@code (double) x > threshold}, for every
   * float x: the nearest float if it is not above the threshold (no float lies between), else the
   * float just below it (then the floats above the threshold are those from the nearest one up).
   */
  static float floatThreshold(double threshold) {
    float f = (float) threshold;
    return (double) f <= threshold ? f : Math.nextDown(f);
  }

  /** Fills the mask: 255 where the index is not finite, 1 where above the threshold, else 0. */
  public static void mask(float[] v, double threshold, boolean noWater, byte[] out) {
    int blocks = (v.length + BLOCK - 1) / BLOCK;
    IntStream.range(0, blocks)
        .parallel()
        .forEach(
            k -> {
              int from = k * BLOCK;
              int to = Math.min(v.length, from + BLOCK);
              for (int i = from; i < to; i++) {
                float x = v[i];
                if (x != x) {
                  out[i] = (byte) 255;
                } else {
                  out[i] = (!noWater && x > threshold) ? (byte) 1 : (byte) 0;
                }
              }
            });
  }
}
