package io.waterbodies.stac.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * One band of an asset: a STAC 1.1 {@code bands[]} entry, or a STAC 1.0 {@code eo:bands[]} or
 * {@code raster:bands[]} entry. The accessors read both spellings, e.g. {@link #commonName()} is
 * {@code eo:common_name} (1.1) or {@code common_name} (1.0 {@code eo:bands}).
 */
public final class Band extends JsonBacked implements CommonMetadata {
  private static final Set<String> KNOWN = Set.of("name", "description");

  private Band(ObjectNode node, String pointer) {
    super(node, pointer);
  }

  /** A builder for an empty band. */
  public static Builder builder() {
    return new Builder(Json.object());
  }

  /** A band from its JSON (copied). */
  public static Band fromJson(JsonNode json) {
    return parse(Shape.object(json, "", "a band").deepCopy(), "");
  }

  static Band parse(JsonNode json, String pointer) {
    ObjectNode o = Shape.object(json, pointer, "a band");
    Shape.optionalString(o, "name", pointer);
    Shape.optionalString(o, "description", pointer);
    return new Band(o, pointer);
  }

  @Override
  Set<String> knownFields() {
    return KNOWN;
  }

  /** The band's name, e.g. {@code B03}. */
  public Optional<String> name() {
    return string("name");
  }

  /**
   * The common name ({@code green}, {@code nir}, {@code swir16}, ...): {@code eo:common_name} in
   * STAC 1.1, {@code common_name} in STAC 1.0 {@code eo:bands}.
   */
  public Optional<String> commonName() {
    Optional<String> v = CommonMetadata.textField(this, "eo:common_name");
    return v.isPresent() ? v : CommonMetadata.textField(this, "common_name");
  }

  /** The centre wavelength in micrometres ({@code eo:center_wavelength} or 1.0 spelling). */
  public OptionalDouble centerWavelength() {
    OptionalDouble v = CommonMetadata.numberField(this, "eo:center_wavelength");
    return v.isPresent() ? v : CommonMetadata.numberField(this, "center_wavelength");
  }

  /** The nodata value as JSON (a number, or the strings {@code nan}, {@code inf}, {@code -inf}). */
  public Optional<JsonNode> nodata() {
    return field("nodata");
  }

  /** The pixel data type, e.g. {@code uint16}. */
  public Optional<String> dataType() {
    return CommonMetadata.textField(this, "data_type");
  }

  /** The unit of the values. */
  public Optional<String> unit() {
    return CommonMetadata.textField(this, "unit");
  }

  /** The scale to apply to values: {@code raster:scale} (1.1) or {@code scale} (1.0). */
  public OptionalDouble scale() {
    OptionalDouble v = CommonMetadata.numberField(this, "raster:scale");
    return v.isPresent() ? v : CommonMetadata.numberField(this, "scale");
  }

  /** The offset to apply to values: {@code raster:offset} (1.1) or {@code offset} (1.0). */
  public OptionalDouble offset() {
    OptionalDouble v = CommonMetadata.numberField(this, "raster:offset");
    return v.isPresent() ? v : CommonMetadata.numberField(this, "offset");
  }

  /** A builder starting from this band. */
  public Builder toBuilder() {
    return new Builder(node.deepCopy());
  }

  /** Builds a {@link Band}. */
  public static final class Builder {
    private final ObjectNode node;

    private Builder(ObjectNode node) {
      this.node = node;
    }

    /** Sets the name. */
    public Builder name(String name) {
      node.put("name", Objects.requireNonNull(name, "name"));
      return this;
    }

    /** Sets the description. */
    public Builder description(String description) {
      node.put("description", Objects.requireNonNull(description, "description"));
      return this;
    }

    /**
     * Sets the STAC 1.1 common name {@code eo:common_name} (for a STAC 1.0 {@code eo:bands} entry
     * set {@code common_name} with {@link #field(String, String)} instead).
     */
    public Builder commonName(String commonName) {
      node.put("eo:common_name", Objects.requireNonNull(commonName, "commonName"));
      return this;
    }

    /** Sets {@code nodata} to a number. */
    public Builder nodata(double nodata) {
      if (Double.isNaN(nodata)) {
        node.put("nodata", "nan");
      } else if (Double.isInfinite(nodata)) {
        node.put("nodata", nodata > 0 ? "inf" : "-inf");
      } else if (nodata == Math.rint(nodata) && Math.abs(nodata) < 1e15) {
        node.put("nodata", (long) nodata);
      } else {
        node.put("nodata", BigDecimal.valueOf(nodata));
      }
      return this;
    }

    /** Sets {@code data_type}, e.g. {@code uint8}, {@code float32}. */
    public Builder dataType(String dataType) {
      node.put("data_type", Objects.requireNonNull(dataType, "dataType"));
      return this;
    }

    /** Sets any field (copied), e.g. {@code eo:common_name} or {@code nodata}. */
    public Builder field(String name, JsonNode value) {
      node.set(name, value.deepCopy());
      return this;
    }

    /** Sets a string field. */
    public Builder field(String name, String value) {
      node.put(name, value);
      return this;
    }

    /** The band. */
    public Band build() {
      return parse(node.deepCopy(), "");
    }
  }
}
