package io.waterbodies.detection.internal;

import io.waterbodies.core.geo.Bbox;
import org.apache.sis.coverage.grid.GridGeometry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The WGS 84 footprint of a raster window, through Apache SIS. */
public final class Footprints {
  private static final Logger LOG = LoggerFactory.getLogger(Footprints.class);

  private Footprints() {}

  /** The window's footprint in WGS 84, or null when SIS cannot resolve the raster CRS. */
  public static Bbox wgs84(SisBandReader reader, int x, int y, int w, int h) {
    try {
      GridGeometry sub =
          reader
              .gridGeometry()
              .derive()
              .subgrid(
                  new org.apache.sis.coverage.grid.GridExtent(
                      null, new long[] {x, y}, new long[] {x + w, y + h}, false))
              .build();
      org.opengis.geometry.Envelope env =
          org.apache.sis.geometry.Envelopes.transform(
              sub.getEnvelope(), org.apache.sis.referencing.CommonCRS.WGS84.normalizedGeographic());
      return Bbox.of(env.getMinimum(0), env.getMinimum(1), env.getMaximum(0), env.getMaximum(1));
    } catch (org.opengis.referencing.operation.TransformException | RuntimeException e) {
      LOG.debug("no WGS 84 footprint: {}", e.toString());
      return null;
    }
  }
}
