package io.waterbodies.detection;

import java.util.Objects;
import java.util.Optional;

/**
 * The bands and area for one detection: green plus nir (NDWI) or swir16 (MNDWI), optionally a
 * Sentinel-2 SCL band for cloud masking and an AOI.
 *
 * @param green the green band
 * @param nir the near-infrared band (used for NDWI)
 * @param swir the swir16 band (used for MNDWI)
 * @param scl a Sentinel-2 scene classification band; classes 3, 8, 9, 10 become nodata
 * @param aoi the area of interest
 * @param overview the resolution level to read: 0 the full image, n the n-th overview of the
 *     GeoTIFFs (NDWI only; the files must have it, deflate or uncompressed)
 */
public record DetectionInput(
    BandRef green,
    Optional<BandRef> nir,
    Optional<BandRef> swir,
    Optional<BandRef> scl,
    Optional<Aoi> aoi,
    int overview) {
  /** Full resolution. */
  public DetectionInput(
      BandRef green,
      Optional<BandRef> nir,
      Optional<BandRef> swir,
      Optional<BandRef> scl,
      Optional<Aoi> aoi) {
    this(green, nir, swir, scl, aoi, 0);
  }

  /** Checks the arguments. */
  public DetectionInput {
    if (overview < 0) {
      throw new IllegalArgumentException("overview level must be >= 0, got " + overview);
    }
    Objects.requireNonNull(green, "green");
    nir = Objects.requireNonNullElse(nir, Optional.empty());
    swir = Objects.requireNonNullElse(swir, Optional.empty());
    scl = Objects.requireNonNullElse(scl, Optional.empty());
    aoi = Objects.requireNonNullElse(aoi, Optional.empty());
  }

  /** Green and NIR, whole raster. */
  public static DetectionInput ndwi(BandRef green, BandRef nir) {
    return new DetectionInput(
        green, Optional.of(nir), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** A copy with an AOI. */
  public DetectionInput withAoi(Aoi a) {
    return new DetectionInput(green, nir, swir, scl, Optional.of(a), overview);
  }

  /** A copy with a SWIR band. */
  public DetectionInput withSwir(BandRef s) {
    return new DetectionInput(green, nir, Optional.of(s), scl, aoi, overview);
  }

  /** A copy with an SCL band. */
  public DetectionInput withScl(BandRef s) {
    return new DetectionInput(green, nir, swir, Optional.of(s), aoi, overview);
  }

  /**
   * A copy reading overview level {@code level} (0 = full resolution, 1 = the first, coarser level)
   * of the green and nir files, for a faster, coarser result.
   */
  public DetectionInput withOverview(int level) {
    return new DetectionInput(green, nir, swir, scl, aoi, level);
  }
}
