package io.waterbodies.detection.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fused, vectorizable mask pass gives the same bytes and count as the plain comparison. */
class NdwiKernelTest {
  @Test
  void maskAndCountEqualsThePlainMaskForDoubleThresholds() {
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
      byte[] plain = new byte[v.length];
      NdwiKernel.mask(v, t, false, plain);
      byte[] fused = new byte[v.length];
      long water = NdwiKernel.maskAndCount(v, t, false, fused);
      assertThat(fused).as("threshold " + t).isEqualTo(plain);
      long ones = 0;
      for (byte b : plain) {
        ones += b == 1 ? 1 : 0;
      }
      assertThat(water).as("threshold " + t).isEqualTo(ones);
    }
  }
}
