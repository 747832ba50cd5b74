package io.waterbodies.detection;

import java.util.List;
import java.util.Map;

/**
 * What a detection measured, as written to {@code diagnostics.json}.
 *
 * @param width mask width in pixels
 * @param height mask height in pixels
 * @param validPixels pixels with a finite index
 * @param waterPixels pixels marked water
 * @param waterFraction water / valid (0 when nothing is valid)
 * @param waterAreaM2 water pixels times the pixel area (CRS units squared)
 * @param threshold the threshold used (Otsu or fixed)
 * @param ndwiMin smallest finite index
 * @param ndwiMax largest finite index
 * @param histogramEdges the 257 bin edges
 * @param histogramCounts the 256 bin counts
 * @param guard the guard decision: {@code disabled}, {@code passed} or {@code no_water}
 * @param positiveFraction fraction of valid pixels with index &gt; 0 (what the guard tests)
 * @param timingsMs phase name to milliseconds
 */
public record Diagnostics(
    int width,
    int height,
    long validPixels,
    long waterPixels,
    double waterFraction,
    double waterAreaM2,
    double threshold,
    double ndwiMin,
    double ndwiMax,
    List<Double> histogramEdges,
    List<Long> histogramCounts,
    String guard,
    double positiveFraction,
    Map<String, Long> timingsMs) {
  /** Copies the collections. */
  public Diagnostics {
    histogramEdges = List.copyOf(histogramEdges);
    histogramCounts = List.copyOf(histogramCounts);
    timingsMs = Map.copyOf(timingsMs);
  }
}
