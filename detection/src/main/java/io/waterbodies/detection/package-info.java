/**
 * NDWI/MNDWI water detection in-process: GeoTIFF bands in (Apache SIS), AOI crop, normalized
 * difference, Otsu threshold with a no-water guard, and a mask GeoTIFF, a result STAC Item and
 * diagnostics out.
 */
package io.waterbodies.detection;
