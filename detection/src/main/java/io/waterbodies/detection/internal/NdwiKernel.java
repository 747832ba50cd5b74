package io.waterbodies.detection.internal;

import java.util.stream.IntStream;

/**
 * The numeric heart: normalized difference in float32, statistics, scikit-image compatible Otsu and
 * the mask. Every loop runs over row blocks in parallel; results do not depend on the number of
 * threads because counts are integers and the Otsu sums run in a fixed order over 256 bins.
 */
public final class NdwiKernel {
  /** Number of histogram bins, as scikit-image's default. */
  public static final int BINS = 256;

  private static final int BLOCK = 1 << 16;

  private NdwiKernel() {}

  /**
   * Summary of one fused index pass: the finite index values (count, min, max, how many above zero)
   * and each input band's range over its non-nodata, non-NaN samples (for the constant-band check).
   */
  public record IndexStats(
      long valid,
      float min,
      float max,
      long positive,
      float aMin,
      float aMax,
      float bMin,
      float bMax) {
    /** The neutral element of {@link #merge}. */
    public static IndexStats empty() {
      float inf = Float.POSITIVE_INFINITY;
      return new IndexStats(0, inf, -inf, 0, inf, -inf, inf, -inf);
    }

    /** Combines two partial summaries (order-independent: counts, min and max only). */
    public IndexStats merge(IndexStats o) {
      return new IndexStats(
          valid + o.valid,
          Math.min(min, o.min),
          Math.max(max, o.max),
          positive + o.positive,
          Math.min(aMin, o.aMin),
          Math.max(aMax, o.aMax),
          Math.min(bMin, o.bMin),
          Math.max(bMax, o.bMax));
    }

    /** The index part as {@link Stats}. */
    public Stats index() {
      return new Stats(valid, min, max, positive);
    }
  }

  /**
   * Writes (a - b) / (a + b) in float32 into {@code out[off..off+n)}, NaN where either input equals
   * {@code nodata} (when {@code useNodata}) or a + b == 0, exactly like the reference, and returns
   * the summaries of {@link #stats} plus the band ranges: one pass over the inputs, the summaries
   * kept in registers; min and max do not depend on the block order.
   */
  public static IndexStats indexWithStats(
      float[] a, float[] b, int n, float nodata, boolean useNodata, float[] out, int off) {
    int blocks = (n + BLOCK - 1) / BLOCK;
    return IntStream.range(0, blocks)
        .parallel()
        .mapToObj(
            k -> {
              int from = k * BLOCK;
              int to = Math.min(n, from + BLOCK);
              return useNodata
                  ? indexBlock(a, b, from, to, nodata, out, off)
                  : indexBlockNoNodata(a, b, from, to, out, off);
            })
        .reduce(IndexStats.empty(), IndexStats::merge);
  }

  private static IndexStats indexBlock(
      float[] a, float[] b, int from, int to, float nodata, float[] out, int off) {
    long n = 0;
    long pos = 0;
    float mn = Float.POSITIVE_INFINITY;
    float mx = Float.NEGATIVE_INFINITY;
    float amn = Float.POSITIVE_INFINITY;
    float amx = Float.NEGATIVE_INFINITY;
    float bmn = Float.POSITIVE_INFINITY;
    float bmx = Float.NEGATIVE_INFINITY;
    for (int i = from; i < to; i++) {
      float x = a[i];
      float y = b[i];
      // Band ranges ignore nodata and NaN samples (a NaN fails both comparisons).
      if (x != nodata) {
        if (x < amn) {
          amn = x;
        }
        if (x > amx) {
          amx = x;
        }
      }
      if (y != nodata) {
        if (y < bmn) {
          bmn = y;
        }
        if (y > bmx) {
          bmx = y;
        }
      }
      float s = x + y;
      float v = (s != 0f && x != nodata && y != nodata) ? (x - y) / s : Float.NaN;
      out[off + i] = v;
      if (v >= -Float.MAX_VALUE && v <= Float.MAX_VALUE) {
        n++;
        if (v < mn) {
          mn = v;
        }
        if (v > mx) {
          mx = v;
        }
        if (v > 0f) {
          pos++;
        }
      }
    }
    return new IndexStats(n, mn, mx, pos, amn, amx, bmn, bmx);
  }

  private static IndexStats indexBlockNoNodata(
      float[] a, float[] b, int from, int to, float[] out, int off) {
    long n = 0;
    long pos = 0;
    float mn = Float.POSITIVE_INFINITY;
    float mx = Float.NEGATIVE_INFINITY;
    float amn = Float.POSITIVE_INFINITY;
    float amx = Float.NEGATIVE_INFINITY;
    float bmn = Float.POSITIVE_INFINITY;
    float bmx = Float.NEGATIVE_INFINITY;
    for (int i = from; i < to; i++) {
      float x = a[i];
      float y = b[i];
      if (x < amn) {
        amn = x;
      }
      if (x > amx) {
        amx = x;
      }
      if (y < bmn) {
        bmn = y;
      }
      if (y > bmx) {
        bmx = y;
      }
      float s = x + y;
      float v = s != 0f ? (x - y) / s : Float.NaN;
      out[off + i] = v;
      if (v >= -Float.MAX_VALUE && v <= Float.MAX_VALUE) {
        n++;
        if (v < mn) {
          mn = v;
        }
        if (v > mx) {
          mx = v;
        }
        if (v > 0f) {
          pos++;
        }
      }
    }
    return new IndexStats(n, mn, mx, pos, amn, amx, bmn, bmx);
  }

  /** Summary of the finite values of an index array. */
  public record Stats(long valid, float min, float max, long positive) {}

  /** Counts finite values, their min and max and how many are above zero. */
  public static Stats stats(float[] v) {
    int blocks = (v.length + BLOCK - 1) / BLOCK;
    return IntStream.range(0, blocks)
        .parallel()
        .mapToObj(
            k -> {
              int from = k * BLOCK;
              int to = Math.min(v.length, from + BLOCK);
              long n = 0;
              long pos = 0;
              float mn = Float.POSITIVE_INFINITY;
              float mx = Float.NEGATIVE_INFINITY;
              for (int i = from; i < to; i++) {
                float x = v[i];
                // Finite values only; plain comparisons (no NaN can reach them) are much faster
                // than Math.min/max, which must handle NaN and signed zeros.
                if (x >= -Float.MAX_VALUE && x <= Float.MAX_VALUE) {
                  n++;
                  if (x < mn) {
                    mn = x;
                  }
                  if (x > mx) {
                    mx = x;
                  }
                  if (x > 0f) {
                    pos++;
                  }
                }
              }
              return new Stats(n, mn, mx, pos);
            })
        .reduce(
            new Stats(0, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0),
            (p, q) ->
                new Stats(
                    p.valid + q.valid,
                    Math.min(p.min, q.min),
                    Math.max(p.max, q.max),
                    p.positive + q.positive));
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

  /** numpy-compatible 256-bin histogram of the finite values between the first and last edge. */
  public static long[] histogram(float[] v, float[] edges) {
    // numpy's estimate, operation for operation: float32 difference of the outer edges, a float64
    // scale rounded to float32, then float32 arithmetic per value.
    float first = edges[0];
    float norm = (float) (BINS / (double) (edges[BINS] - first));
    float last = edges[BINS];
    float lo = edges[0];
    int blocks = (v.length + BLOCK - 1) / BLOCK;
    return IntStream.range(0, blocks)
        .parallel()
        .mapToObj(
            k -> {
              int[] h = new int[BINS];
              int from = k * BLOCK;
              int to = Math.min(v.length, from + BLOCK);
              for (int i = from; i < to; i++) {
                float x = v[i];
                if (!(x >= lo && x <= last)) {
                  continue; // NaN and out of range
                }
                int idx = (int) ((x - first) * norm);
                if (idx >= BINS) {
                  idx = BINS - 1;
                }
                // The estimate may be one bin off near an edge; the same corrections as numpy's,
                // against the float32 edges, make the result exact.
                if (idx < 0) {
                  idx = 0;
                }
                if (x < edges[idx]) {
                  idx--;
                } else if (idx != BINS - 1 && x >= edges[idx + 1]) {
                  idx++;
                }
                h[idx]++;
              }
              long[] out = new long[BINS];
              for (int i = 0; i < BINS; i++) {
                out[i] = h[i];
              }
              return out;
            })
        .reduce(
            new long[BINS],
            (p, q) -> {
              long[] r = new long[BINS];
              for (int i = 0; i < BINS; i++) {
                r[i] = p[i] + q[i];
              }
              return r;
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
   * {@link #mask} fused with the count of water pixels (mask value 1): one pass, same bytes.
   *
   * @return the number of water pixels
   */
  public static long maskAndCount(float[] v, double threshold, boolean noWater, byte[] out) {
    float tf = floatThreshold(threshold);
    int blocks = (v.length + BLOCK - 1) / BLOCK;
    return IntStream.range(0, blocks)
        .parallel()
        .mapToLong(
            k -> {
              int from = k * BLOCK;
              int to = Math.min(v.length, from + BLOCK);
              long water = 0;
              if (noWater) {
                for (int i = from; i < to; i++) {
                  float x = v[i];
                  out[i] = x != x ? (byte) 255 : (byte) 0;
                }
                return 0;
              }
              // Branch-free so that C2 vectorizes it: NaN compares false, so water is x > t and
              // nodata (NaN) is 255 | 0.
              int count = 0;
              for (int i = from; i < to; i++) {
                float x = v[i];
                int w = x > tf ? 1 : 0;
                int nan = x != x ? 255 : 0;
                count += w;
                out[i] = (byte) (w | nan);
              }
              return water + count;
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
