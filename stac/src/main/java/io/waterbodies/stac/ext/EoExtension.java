package io.waterbodies.stac.ext;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.stac.model.Asset;
import io.waterbodies.stac.model.Band;
import io.waterbodies.stac.model.FieldSource;
import io.waterbodies.stac.model.FieldTarget;
import io.waterbodies.stac.model.Item;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The Electro-Optical extension: {@code eo:cloud_cover}, {@code eo:snow_cover} and spectral bands,
 * read the same way from STAC 1.0 ({@code eo:bands[].common_name}) and STAC 1.1 ({@code
 * bands[]."eo:common_name"}).
 *
 * <pre>{@code
 * double clouds = EoExtension.of(item).cloudCover().orElse(0);
 * List<Band> bands = EoExtension.of(item.asset("analytic").orElseThrow()).bands();
 * }</pre>
 */
public final class EoExtension {
  /** The eo extension schema for STAC 1.0 documents. */
  public static final String SCHEMA_V1_1 =
      "https://stac-extensions.github.io/eo/v1.1.0/schema.json";

  /** The eo extension schema for STAC 1.1 documents. */
  public static final String SCHEMA_V2_0 =
      "https://stac-extensions.github.io/eo/v2.0.0/schema.json";

  private final FieldSource source;

  private EoExtension(FieldSource source) {
    this.source = source;
  }

  /** The eo fields of an Item's properties. */
  public static EoExtension of(Item item) {
    return new EoExtension(item.properties());
  }

  /** The eo fields of an Asset (or any other field holder). */
  public static EoExtension of(FieldSource source) {
    return new EoExtension(source);
  }

  /** {@code eo:cloud_cover}, percent. */
  public OptionalDouble cloudCover() {
    return Fields.number(source, "eo:cloud_cover");
  }

  /** {@code eo:snow_cover}, percent. */
  public OptionalDouble snowCover() {
    return Fields.number(source, "eo:snow_cover");
  }

  /**
   * The spectral bands: STAC 1.0 {@code eo:bands} when present, otherwise STAC 1.1 {@code bands}.
   * Use {@link Band#commonName()} to read either spelling of the common name.
   */
  public List<Band> bands() {
    List<Band> eo = Fields.bands(source, "eo:bands");
    return !eo.isEmpty() ? eo : Fields.bands(source, "bands");
  }

  /** The first band's common name, if any (a single-band asset's colour). */
  public Optional<String> firstCommonName() {
    return bands().stream().map(Band::commonName).flatMap(Optional::stream).findFirst();
  }

  /** A writer of eo fields into an Item (properties) or Asset builder. */
  public static Writer write(FieldTarget target) {
    return new Writer(target);
  }

  /** True when the asset has a band with the common name, in either STAC version's spelling. */
  public static boolean hasCommonName(Asset asset, String commonName) {
    return of(asset).bands().stream()
        .anyMatch(b -> b.commonName().map(commonName::equals).orElse(false));
  }

  /** Writes eo fields; declares {@link #SCHEMA_V1_1} on Item builders. */
  public static final class Writer {
    private final FieldTarget target;

    private Writer(FieldTarget target) {
      this.target = target;
      target.declareExtension(SCHEMA_V1_1);
    }

    /** Sets {@code eo:cloud_cover}. */
    public Writer cloudCover(double percent) {
      target.set(
          "eo:cloud_cover", Json.mapper().getNodeFactory().numberNode(BigDecimal.valueOf(percent)));
      return this;
    }

    /** Sets STAC 1.0 {@code eo:bands}. */
    public Writer bands(List<Band> bands) {
      ArrayNode a = Json.mapper().createArrayNode();
      bands.forEach(b -> a.add(b.toJson()));
      target.set("eo:bands", a);
      return this;
    }
  }
}
