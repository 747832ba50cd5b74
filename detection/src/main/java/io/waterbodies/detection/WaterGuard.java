package io.waterbodies.detection;

/**
 * Guard against scenes without water. Otsu always splits a histogram in two, so on a scene with no
 * water at all (a desert) it calls the brighter half of the land "water" (39 % of the Western
 * Sahara test tile). This guard is a <em>presence test</em>, not a change of threshold: open water
 * has a positive normalized difference (McFeeters 1996: NDWI &gt; 0 for water), so if fewer than
 * {@link #minPositiveFraction()} of the valid pixels have an index above zero, the scene is
 * declared water-free and the mask holds no water. Otherwise the threshold and mask are left
 * exactly as Otsu (or the fixed threshold) gives them, so scenes with water are unchanged.
 *
 * <p>Why not a bimodality test or a floor on the threshold: on the test scenes the Otsu split of
 * the cloudy Florida Landsat scene (threshold -0.26) is statistically as good (between-class
 * variance ratio 0.644) as the desert's (0.640), and two of the three water scenes have a negative
 * Otsu threshold, so neither can separate them without changing masks. The desert has no pixel
 * above 0 (max -0.043) while each water scene has at least 0.07 %.
 *
 * @param enabled whether the guard runs
 * @param minPositiveFraction fraction of valid pixels that must have an index above zero
 */
public record WaterGuard(boolean enabled, double minPositiveFraction) {
  /** The default fraction: 0.01 % of the valid pixels. */
  public static final double DEFAULT_MIN_POSITIVE_FRACTION = 1e-4;

  /** Checks the fraction. */
  public WaterGuard {
    if (!(minPositiveFraction >= 0 && minPositiveFraction <= 1)) {
      throw new IllegalArgumentException("minPositiveFraction must be in [0, 1]");
    }
  }

  /** No guard: the plain reference behaviour. */
  public static WaterGuard none() {
    return new WaterGuard(false, DEFAULT_MIN_POSITIVE_FRACTION);
  }

  /** The presence test with the default fraction. */
  public static WaterGuard positiveIndex() {
    return new WaterGuard(true, DEFAULT_MIN_POSITIVE_FRACTION);
  }

  /** The presence test with a given fraction. */
  public static WaterGuard positiveIndex(double minPositiveFraction) {
    return new WaterGuard(true, minPositiveFraction);
  }
}
