package io.waterbodies.detection.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fast kernel passes against their plain oracles: the fused mask pass against the plain mask
 * and plain counts, the table histogram against numpy's per-value method (on ordinary, skewed,
 * edge-hugging and degenerate ranges), the index range and the constant-band check.
 */
class NdwiKernelTest {
  @Test
  void maskAndCountEqualsThePlainMask() {
    SplittableRandom rnd = new SplittableRandom(3);
    float[] v = new float[200_003];
    for (int i = 0; i < v.length; i++) {
      v[i] = rnd.nextInt(20) == 0 ? Float.NaN : (float) (rnd.nextDouble() * 2 - 1);
    }
    v[0] = 0.1f;
    v[1] = Math.nextUp(0.1f);
    v[2] = Math.nextDown(0.1f);
    v[3] = Float.POSITIVE_INFINITY;
    v[4] = Float.NEGATIVE_INFINITY;
    for (double t : new double[] {0.1, 0.1f, -0.25, 0, 1e300, -1e300, (double) 0.3f + 1e-12}) {
      for (boolean noWater : new boolean[] {false, true}) {
        byte[] plain = new byte[v.length];
        NdwiKernel.mask(v, t, noWater, plain);
        byte[] fused = new byte[v.length];
        long water = NdwiKernel.maskAndCount(v, t, noWater, fused);
        String as = "threshold " + t + " noWater " + noWater;
        assertThat(fused).as(as).isEqualTo(plain);
        long ones = 0;
        for (byte b : plain) {
          ones += b == 1 ? 1 : 0;
        }
        assertThat(water).as(as).isEqualTo(ones);
      }
    }
  }

  @Test
  void tableHistogramEqualsNumpysMethodOnOrdinaryData() {
    SplittableRandom rnd = new SplittableRandom(11);
    float[] v = new float[300_001];
    for (int i = 0; i < v.length; i++) {
      float g = 500 + rnd.nextInt(1500);
      float n = rnd.nextInt(4) == 0 ? 100 + rnd.nextInt(600) : 1500 + rnd.nextInt(3000);
      v[i] = rnd.nextInt(30) == 0 ? Float.NaN : (g - n) / (g + n);
    }
    assertSameHistogram(v);
  }

  @Test
  void tableHistogramEqualsNumpysMethodOnValuesAtAndBesideEveryEdge() {
    SplittableRandom rnd = new SplittableRandom(5);
    for (float[] range : new float[][] {{-0.8f, 0.9f}, {-1f, 1f}, {0.001f, 0.0013f}, {-3e5f, 7f}}) {
      float[] edges = NdwiKernel.binEdges(range[0], range[1]);
      float[] v = new float[20_000];
      int k = 0;
      for (float e : edges) {
        v[k++] = e;
        v[k++] = Math.nextUp(e);
        v[k++] = Math.nextDown(e);
      }
      while (k < v.length) {
        v[k++] = range[0] + (float) rnd.nextDouble() * (range[1] - range[0]);
      }
      v[0] = range[0];
      v[1] = range[1];
      assertSameHistogram(v);
    }
  }

  @Test
  void positiveCountSplitsTheBinHoldingZero() {
    // Zero inside a bin, on an edge, at the first or last edge, and ranges without zero.
    for (float[] range :
        new float[][] {
          {-0.8f, 0.9f}, {-1f, 1f}, {-0.5f, 0.5f}, {0f, 1f}, {-1f, 0f}, {0.2f, 0.4f}, {-0.4f, -0.2f}
        }) {
      SplittableRandom rnd = new SplittableRandom(2);
      float[] v = new float[50_000];
      for (int i = 0; i < v.length; i++) {
        v[i] = range[0] + (float) rnd.nextDouble() * (range[1] - range[0]);
      }
      v[0] = range[0];
      v[1] = range[1];
      v[2] = Math.max(range[0], Math.min(range[1], 0f));
      v[3] = Math.max(range[0], Math.min(range[1], -0f));
      v[4] = Math.max(range[0], Math.min(range[1], Float.MIN_VALUE));
      v[5] = Float.NaN;
      v[6] = Float.POSITIVE_INFINITY;
      assertSameHistogram(v);
    }
  }

  @Test
  void degenerateRangesFallBackToNumpysMethod() {
    // Around 1000 a float32 step is 6.1e-5: a range of 1e-3 has about 16 distinct values for 256
    // bins, so edges coincide and the table would not be exact.
    float[] v = new float[10_000];
    for (int i = 0; i < v.length; i++) {
      v[i] = 1000f + (i % 17) * Math.ulp(1000f);
    }
    float[] edges = NdwiKernel.binEdges(min(v), max(v));
    assertThat(NdwiKernel.edgesAreRegular(edges)).isFalse();
    assertSameHistogram(v);
    float[] constant = {0.25f, 0.25f, 0.25f, Float.NaN};
    assertSameHistogram(constant);
    float[] subnormal = {0f, Float.MIN_VALUE, 2 * Float.MIN_VALUE, 7 * Float.MIN_VALUE};
    assertSameHistogram(subnormal);
  }

  @Test
  void indexRangeIsTheRangeOfTheFiniteIndexValues() {
    SplittableRandom rnd = new SplittableRandom(8);
    int n = 150_000;
    float[] a = new float[n];
    float[] b = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = rnd.nextInt(50) == 0 ? 0 : rnd.nextInt(4000);
      b[i] = rnd.nextInt(4000);
    }
    a[10] = 0;
    b[10] = 0;
    float[] out = new float[n + 3];
    NdwiKernel.Range r = NdwiKernel.index(a, b, n, 0f, true, out, 3);
    float mn = Float.POSITIVE_INFINITY;
    float mx = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      float expected =
          a[i] == 0 || b[i] == 0 || a[i] + b[i] == 0 ? Float.NaN : (a[i] - b[i]) / (a[i] + b[i]);
      // floatToIntBits: every NaN compares equal, and 0.0 differs from -0.0.
      assertThat(Float.floatToIntBits(out[3 + i]))
          .as("pixel " + i)
          .isEqualTo(Float.floatToIntBits(expected));
      if (Float.isFinite(expected)) {
        mn = Math.min(mn, expected);
        mx = Math.max(mx, expected);
      }
    }
    assertThat(r).isEqualTo(new NdwiKernel.Range(mn, mx));
    assertThat(NdwiKernel.range(out)).isEqualTo(r);
    // Without nodata only a + b == 0 gives NaN.
    NdwiKernel.Range all = NdwiKernel.index(a, b, n, 0f, false, out, 0);
    assertThat(out[10]).isNaN();
    assertThat(all.max()).isEqualTo(1f);
    assertThat(
            NdwiKernel.index(new float[3], new float[3], 3, 0f, false, new float[3], 0).isEmpty())
        .isTrue();
  }

  @Test
  void constantBandLooksOnlyAtValidSamplesAcrossStrips() {
    ConstantBand c = new ConstantBand(0f, true);
    c.observe(new float[] {0f, Float.NaN, 7f, 0f});
    c.observe(new float[] {7f, 0f});
    assertThat(c.isConstant()).isTrue();
    assertThat(c.value()).isEqualTo(7f);
    c.observe(new float[] {0f, 8f});
    assertThat(c.isConstant()).isFalse();
    ConstantBand none = new ConstantBand(0f, true);
    none.observe(new float[] {0f, 0f});
    assertThat(none.isConstant()).isFalse();
    ConstantBand zeros = new ConstantBand(0f, false);
    zeros.observe(new float[] {0f, 0f});
    assertThat(zeros.isConstant()).isTrue();
  }

  private static void assertSameHistogram(float[] v) {
    float[] edges = NdwiKernel.binEdges(min(v), max(v));
    NdwiKernel.Histogram table = NdwiKernel.histogram(v, edges);
    NdwiKernel.Histogram plain = NdwiKernel.histogramPlain(v, edges);
    String as = "edges from " + edges[0] + " to " + edges[NdwiKernel.BINS];
    assertThat(table.counts()).as(as).isEqualTo(plain.counts());
    long valid = 0;
    long positive = 0;
    for (float x : v) {
      valid += Float.isFinite(x) ? 1 : 0;
      positive += Float.isFinite(x) && x > 0 ? 1 : 0;
    }
    assertThat(plain.valid()).as(as).isEqualTo(valid);
    assertThat(table.valid()).as(as).isEqualTo(valid);
    assertThat(plain.positive()).as(as).isEqualTo(positive);
    assertThat(table.positive()).as(as).isEqualTo(positive);
  }

  private static float min(float[] v) {
    float m = Float.POSITIVE_INFINITY;
    for (float x : v) {
      m = Float.isFinite(x) && x < m ? x : m;
    }
    return m;
  }

  private static float max(float[] v) {
    float m = Float.NEGATIVE_INFINITY;
    for (float x : v) {
      m = Float.isFinite(x) && x > m ? x : m;
    }
    return m;
  }
}
