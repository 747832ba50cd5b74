package io.waterbodies.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The in-memory kernel gives what the plain definitions give (NDWI, Otsu on 256 bins, mask). */
class ArrayDetectionTest {
  @Test
  void waterIsWhereTheIndexIsAboveOtsusThreshold() {
    int n = 20_000;
    float[] g = new float[n];
    float[] r = new float[n];
    SplittableRandom rnd = new SplittableRandom(7);
    for (int i = 0; i < n; i++) {
      boolean water = i % 4 == 0;
      g[i] = 500 + rnd.nextInt(1500);
      r[i] = water ? 100 + rnd.nextInt(300) : 2500 + rnd.nextInt(3000);
    }
    g[5] = 0; // nodata
    float[] index = new float[n];
    byte[] mask = new byte[n];
    ArrayDetection.Result res = ArrayDetection.run(g, r, 0f, true, index, mask);
    assertThat(res.validPixels()).isEqualTo(n - 1);
    assertThat(res.constantBand()).isFalse();
    assertThat(index[5]).isNaN();
    long water = 0;
    for (int i = 0; i < n; i++) {
      if (i != 5) {
        assertThat(index[i]).isEqualTo((g[i] - r[i]) / (g[i] + r[i]));
      }
      byte expected =
          Float.isNaN(index[i]) ? (byte) 255 : (byte) (index[i] > (float) res.threshold() ? 1 : 0);
      assertThat(mask[i]).as("pixel %d", i).isEqualTo(expected);
      water += mask[i] == 1 ? 1 : 0;
    }
    assertThat(res.waterPixels()).isEqualTo(water).isEqualTo(n / 4);
    assertThat(res.threshold()).isBetween((double) res.min(), (double) res.max());
  }

  @Test
  void aConstantBandIsReportedAndLengthsMustAgree() {
    float[] g = {3, 3, 3, 3};
    float[] r = {1, 2, 3, 4};
    ArrayDetection.Result res = ArrayDetection.run(g, r, 0f, true, new float[4], new byte[4]);
    assertThat(res.constantBand()).isTrue();
    assertThatThrownBy(() -> ArrayDetection.run(g, r, 0f, true, new float[3], new byte[4]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("index 3");
  }
}
