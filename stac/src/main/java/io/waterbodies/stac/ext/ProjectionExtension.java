package io.waterbodies.stac.ext;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.stac.model.FieldSource;
import io.waterbodies.stac.model.FieldTarget;
import io.waterbodies.stac.model.Item;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The Projection extension: the CRS as {@code proj:epsg} (v1, STAC 1.0) or {@code proj:code} (v2,
 * e.g. {@code EPSG:32633}), and {@code proj:shape}, {@code proj:transform}, {@code proj:bbox}. Both
 * CRS spellings are read; {@link #epsg()} and {@link #code()} convert between them.
 */
public final class ProjectionExtension {
  /** Projection extension v1.1.0 ({@code proj:epsg}). */
  public static final String SCHEMA_V1_1 =
      "https://stac-extensions.github.io/projection/v1.1.0/schema.json";

  /** Projection extension v2.0.0 ({@code proj:code}). */
  public static final String SCHEMA_V2_0 =
      "https://stac-extensions.github.io/projection/v2.0.0/schema.json";

  private final FieldSource source;

  private ProjectionExtension(FieldSource source) {
    this.source = source;
  }

  /** The projection fields of an Item's properties. */
  public static ProjectionExtension of(Item item) {
    return new ProjectionExtension(item.properties());
  }

  /** The projection fields of an Asset (or any other field holder). */
  public static ProjectionExtension of(FieldSource source) {
    return new ProjectionExtension(source);
  }

  /** The EPSG code: {@code proj:epsg}, or the number of a {@code proj:code} {@code EPSG:n}. */
  public OptionalInt epsg() {
    OptionalLong v = Fields.integer(source, "proj:epsg");
    if (v.isPresent()) {
      return OptionalInt.of((int) v.getAsLong());
    }
    Optional<String> code = Fields.text(source, "proj:code");
    if (code.isPresent() && code.get().toUpperCase(Locale.ROOT).startsWith("EPSG:")) {
      try {
        return OptionalInt.of(Integer.parseInt(code.get().substring(5).trim()));
      } catch (NumberFormatException e) {
        return OptionalInt.empty();
      }
    }
    return OptionalInt.empty();
  }

  /** The CRS code: {@code proj:code}, or {@code EPSG:n} from {@code proj:epsg}. */
  public Optional<String> code() {
    Optional<String> code = Fields.text(source, "proj:code");
    if (code.isPresent()) {
      return code;
    }
    OptionalLong v = Fields.integer(source, "proj:epsg");
    return v.isPresent() ? Optional.of("EPSG:" + v.getAsLong()) : Optional.empty();
  }

  /** {@code proj:shape}: [rows, columns]. */
  public List<Integer> shape() {
    return Fields.numbers(source, "proj:shape").stream().map(Double::intValue).toList();
  }

  /** {@code proj:transform}: the affine transform, 6 or 9 numbers (GDAL order a,b,c,d,e,f). */
  public List<Double> transform() {
    return Fields.numbers(source, "proj:transform");
  }

  /** {@code proj:bbox}: the bbox in the asset's CRS. */
  public List<Double> bbox() {
    return Fields.numbers(source, "proj:bbox");
  }

  /** A writer of projection fields into an Item (properties) or Asset builder. */
  public static Writer write(FieldTarget target) {
    return new Writer(target);
  }

  /** Writes projection fields. */
  public static final class Writer {
    private final FieldTarget target;

    private Writer(FieldTarget target) {
      this.target = target;
    }

    /** Sets {@code proj:epsg} (projection v1, for STAC 1.0 documents). */
    public Writer epsg(int epsg) {
      target.declareExtension(SCHEMA_V1_1);
      target.set("proj:epsg", Json.mapper().getNodeFactory().numberNode(epsg));
      return this;
    }

    /** Sets {@code proj:code}, e.g. {@code EPSG:32633} (projection v2, for STAC 1.1). */
    public Writer code(String code) {
      target.declareExtension(SCHEMA_V2_0);
      target.set("proj:code", Json.mapper().getNodeFactory().textNode(code));
      return this;
    }

    /** Sets {@code proj:shape}. */
    public Writer shape(int rows, int columns) {
      ArrayNode a = Json.mapper().createArrayNode().add(rows).add(columns);
      target.set("proj:shape", a);
      return this;
    }

    /** Sets {@code proj:transform}. */
    public Writer transform(double... values) {
      target.set("proj:transform", numbers(values));
      return this;
    }

    /** Sets {@code proj:bbox}. */
    public Writer bbox(double... values) {
      target.set("proj:bbox", numbers(values));
      return this;
    }

    private static ArrayNode numbers(double[] values) {
      ArrayNode a = Json.mapper().createArrayNode();
      for (double v : values) {
        a.add(BigDecimal.valueOf(v));
      }
      return a;
    }
  }
}
