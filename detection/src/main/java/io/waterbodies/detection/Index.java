package io.waterbodies.detection;

/** The water index computed per pixel, in float32. */
public enum Index {
  /** McFeeters NDWI: (green - nir) / (green + nir). */
  NDWI,
  /** Xu's modified NDWI: (green - swir16) / (green + swir16), swir resampled to the green grid. */
  MNDWI
}
