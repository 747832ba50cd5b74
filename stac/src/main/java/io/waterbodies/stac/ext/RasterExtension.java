package io.waterbodies.stac.ext;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.stac.model.Band;
import io.waterbodies.stac.model.FieldSource;
import io.waterbodies.stac.model.FieldTarget;
import java.util.List;

/**
 * The Raster extension: per-band pixel facts (nodata, data type, scale, offset) from STAC 1.0
 * {@code raster:bands} or STAC 1.1 {@code bands}. See {@link Band#nodata()}, {@link
 * Band#dataType()}, {@link Band#scale()}, {@link Band#offset()}.
 */
public final class RasterExtension {
  /** Raster extension v1.1.0 ({@code raster:bands}). */
  public static final String SCHEMA_V1_1 =
      "https://stac-extensions.github.io/raster/v1.1.0/schema.json";

  private final FieldSource source;

  private RasterExtension(FieldSource source) {
    this.source = source;
  }

  /** The raster fields of an Asset (or any other field holder). */
  public static RasterExtension of(FieldSource source) {
    return new RasterExtension(source);
  }

  /** The bands: {@code raster:bands} when present, otherwise STAC 1.1 {@code bands}. */
  public List<Band> bands() {
    List<Band> r = Fields.bands(source, "raster:bands");
    return !r.isEmpty() ? r : Fields.bands(source, "bands");
  }

  /** A writer of raster fields into an Asset builder. */
  public static Writer write(FieldTarget target) {
    return new Writer(target);
  }

  /** Writes raster fields. */
  public static final class Writer {
    private final FieldTarget target;

    private Writer(FieldTarget target) {
      this.target = target;
      target.declareExtension(SCHEMA_V1_1);
    }

    /** Sets {@code raster:bands}. */
    public Writer bands(List<Band> bands) {
      ArrayNode a = Json.mapper().createArrayNode();
      bands.forEach(b -> a.add(b.toJson()));
      target.set("raster:bands", a);
      return this;
    }
  }
}
