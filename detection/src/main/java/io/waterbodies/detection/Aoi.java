package io.waterbodies.detection;

/**
 * An area of interest: a bounding box in a CRS given as {@code EPSG:n} (x/longitude first, as in
 * GeoJSON and STAC, whatever the EPSG axis order). It is transformed to the raster CRS by its two
 * corners; the raster is cut to the covering window and pixels whose centre lies outside become
 * nodata.
 *
 * @param minx west or min easting
 * @param miny south or min northing
 * @param maxx east or max easting
 * @param maxy north or max northing
 * @param crs the CRS code, for example {@code EPSG:4326}
 */
public record Aoi(double minx, double miny, double maxx, double maxy, String crs) {
  /** A WGS 84 longitude/latitude box. */
  public static Aoi wgs84(double minx, double miny, double maxx, double maxy) {
    return new Aoi(minx, miny, maxx, maxy, "EPSG:4326");
  }

  /** Parses {@code minx,miny,maxx,maxy}. */
  public static Aoi parse(String bbox, String crs) {
    String[] p = bbox.split(",");
    if (p.length != 4) {
      throw new IllegalArgumentException("AOI must be minx,miny,maxx,maxy, got '" + bbox + "'");
    }
    double[] v = new double[4];
    for (int i = 0; i < 4; i++) {
      try {
        v[i] = Double.parseDouble(p[i].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("AOI value '" + p[i] + "' is not a number");
      }
    }
    return new Aoi(v[0], v[1], v[2], v[3], crs);
  }
}
