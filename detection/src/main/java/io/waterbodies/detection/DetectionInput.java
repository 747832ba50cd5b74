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
 */
public record DetectionInput(
    BandRef green,
    Optional<BandRef> nir,
    Optional<BandRef> swir,
    Optional<BandRef> scl,
    Optional<Aoi> aoi) {
  /** Checks the arguments. */
  public DetectionInput {
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
    return new DetectionInput(green, nir, swir, scl, Optional.of(a));
  }

  /** A copy with a SWIR band. */
  public DetectionInput withSwir(BandRef s) {
    return new DetectionInput(green, nir, Optional.of(s), scl, aoi);
  }

  /** A copy with an SCL band. */
  public DetectionInput withScl(BandRef s) {
    return new DetectionInput(green, nir, swir, Optional.of(s), aoi);
  }
}
