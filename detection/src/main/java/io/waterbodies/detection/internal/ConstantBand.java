package io.waterbodies.detection.internal;

/**
 * Tells whether a band read strip by strip is constant over its valid samples (not nodata, not
 * NaN), the case in which no index can be computed. It stops looking at the first two samples that
 * differ, so on real data it costs a few comparisons instead of a min/max over every pixel.
 */
public final class ConstantBand {
  private final float nodata;
  private final boolean useNodata;
  private float first = Float.NaN;
  private boolean varies;

  /** A check skipping {@code nodata} samples when {@code useNodata}. */
  public ConstantBand(float nodata, boolean useNodata) {
    this.nodata = nodata;
    this.useNodata = useNodata;
  }

  /** Looks at the next strip of samples (until a second value is found). */
  public void observe(float[] samples) {
    observe(samples, samples.length);
  }

  /** Looks at the first {@code n} samples of a (reused, maybe longer) strip buffer. */
  public void observe(float[] samples, int n) {
    for (int i = 0; i < n && !varies; i++) {
      float x = samples[i];
      if (x != x || (useNodata && x == nodata)) {
        continue;
      }
      if (first != first) {
        first = x;
      } else if (x != first) {
        varies = true;
      }
    }
  }

  /** Whether every valid sample seen so far has one value (false when none was seen). */
  public boolean isConstant() {
    return !varies && first == first;
  }

  /** The value of a constant band (NaN when no valid sample was seen). */
  public float value() {
    return first;
  }
}
