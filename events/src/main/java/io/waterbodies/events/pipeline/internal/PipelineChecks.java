package io.waterbodies.events.pipeline.internal;

import io.waterbodies.core.geo.Bbox;
import io.waterbodies.events.pipeline.PipelineException;
import java.util.regex.Pattern;

/** The checks {@link io.waterbodies.events.pipeline.Pipeline.Builder#build()} applies to names. */
public final class PipelineChecks {
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]+");
  private static final Pattern EPSG = Pattern.compile("EPSG:[0-9]{4,6}");
  private static final Pattern K8S_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

  private PipelineChecks() {}

  /** A stream, event, sensor or collection name: letters, digits, '-' and '_'. */
  public static void token(String what, String v) {
    if (!TOKEN.matcher(v).matches()) {
      throw new PipelineException(what + " '" + v + "' may hold only letters, digits, '-' and '_'");
    }
  }

  /** A lowercase Kubernetes name. */
  public static void k8sName(String what, String v) {
    if (v.length() > 253 || !K8S_NAME.matcher(v).matches()) {
      throw new PipelineException(what + " '" + v + "' is not a lowercase Kubernetes name");
    }
  }

  /** A Kubernetes {@code generateName}: a name prefix ending with '-'. */
  public static void generateName(String v) {
    if (!v.endsWith("-") || !K8S_NAME.matcher(v + "x").matches()) {
      throw new PipelineException(
          "generateName '" + v + "' must be a lowercase Kubernetes name prefix ending with '-'");
    }
  }

  /** A 2D bbox {@code minx,miny,maxx,maxy}. */
  public static void aoi(String aoi) {
    try {
      Bbox box = Bbox.parse(aoi);
      if (box.is3d()) {
        throw new PipelineException("aoi '" + aoi + "' must have 4 numbers, not 6");
      }
    } catch (IllegalArgumentException e) {
      throw new PipelineException("aoi: " + e.getMessage(), e);
    }
  }

  /** An {@code EPSG:<code>} CRS name. */
  public static void epsg(String epsg) {
    if (!EPSG.matcher(epsg).matches()) {
      throw new PipelineException("epsg '" + epsg + "' must look like EPSG:4326");
    }
  }
}
