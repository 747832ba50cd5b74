package io.waterbodies.stac.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.waterbodies.core.json.JsonLimits;
import io.waterbodies.core.json.JsonPointers;
import io.waterbodies.stac.StacException;
import io.waterbodies.stac.io.StacReader;
import io.waterbodies.stac.model.StacDocument;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Validates STAC documents in two layers and returns every problem as a {@link Finding} with a JSON
 * pointer:
 *
 * <ol>
 *   <li>structural rules in Java, always on: required fields and their JSON types, {@code type},
 *       bbox of 4 or 6 numbers, a null geometry has no bbox, a null datetime needs start and end,
 *       RFC 3339 timestamps, link and asset shapes;
 *   <li>JSON Schema (draft-07) validation against the official STAC schemas, when the caller gives
 *       their location ({@link Builder#schemas(Path)}), plus the extension schemas listed in {@code
 *       stac_extensions} that the caller supplies ({@link Builder#extensionSchema(String, URI)}).
 *       An extension without a supplied schema gives a {@link Finding.Severity#WARNING} (or an
 *       error, see {@link Builder#missingExtensionSchema(Finding.Severity)}): it is reported, never
 *       silently passed.
 * </ol>
 *
 * <p>The schema location is a directory (or URL base) laid out as {@code v1.0.0/item.json}, {@code
 * v1.1.0/collection.json}, {@code geojson/Feature.json}: every canonical {@code
 * https://schemas.stacspec.org/vX/...-spec/json-schema/NAME.json} id maps to {@code vX/NAME.json}
 * and {@code https://geojson.org/schema/NAME.json} to {@code geojson/NAME.json}. Nothing is fetched
 * from the canonical URLs. Thread-safe; compiled schemas are cached.
 *
 * <pre>{@code
 * StacValidator validator = StacValidator.builder().schemas(Path.of("schemas/stac")).build();
 * for (Finding f : validator.validate(Path.of("item.json"))) {
 *   log.warn("{}", f);   // e.g. "/bbox: 'bbox' must have 4 or 6 numbers, found 5"
 * }
 * }</pre>
 */
public final class StacValidator {
  private final StacReader reader;
  private final SchemaLayer schemas;

  private StacValidator(Builder b) {
    this.reader = StacReader.builder().limits(b.limits).build();
    SchemaLocator locator = new SchemaLocator(b.base, b.extensions);
    this.schemas =
        b.base == null && b.extensions.isEmpty()
            ? null
            : new SchemaLayer(locator, b.missingExtension);
  }

  /** A validator with the structural layer only. */
  public static StacValidator structural() {
    return builder().build();
  }

  /** A builder to add the schema layer. */
  public static Builder builder() {
    return new Builder();
  }

  /** True when the JSON Schema layer is on. */
  public boolean hasSchemaLayer() {
    return schemas != null;
  }

  /** Validates a document's JSON. */
  public List<Finding> validate(JsonNode document) {
    Objects.requireNonNull(document, "document");
    List<Finding> structural = StructuralRules.check(document);
    List<Finding> out = new ArrayList<>(structural);
    if (schemas != null && document.isObject()) {
      String type = document.path("type").asText();
      switch (type) {
        case "Feature", "Catalog", "Collection" -> schemas.validateObject(document, "", out);
        case "FeatureCollection" -> {
          JsonNode features = document.get("features");
          if (features != null && features.isArray()) {
            for (int i = 0; i < features.size(); i++) {
              if (features.get(i).isObject()) {
                schemas.validateObject(features.get(i), JsonPointers.child("/features", i), out);
              }
            }
          }
        }
        default -> {
          // An unknown type was already reported by the structural rules.
        }
      }
    }
    // One message per problem: a schema error at a pointer the structural rules already reported
    // says the same thing less clearly.
    Set<String> reported = new HashSet<>();
    structural.forEach(f -> reported.add(f.pointer()));
    out.removeIf(
        f -> f.layer() == Finding.Layer.SCHEMA && f.isError() && reported.contains(f.pointer()));
    return List.copyOf(out);
  }

  /** Validates a model document. */
  public List<Finding> validate(StacDocument document) {
    return validate(document.toJson());
  }

  /**
   * Reads and validates a file. A file that cannot be read or parsed (malformed, over the {@link
   * JsonLimits}) gives one {@link Finding.Layer#PARSE} error rather than an exception.
   */
  public List<Finding> validate(Path file) {
    JsonNode tree;
    try {
      tree = reader.readTree(file);
    } catch (StacException e) {
      return List.of(Finding.error(e.pointer().orElse(""), e.detail(), Finding.Layer.PARSE));
    }
    return validate(tree);
  }

  /**
   * Reads and validates the document at a {@code file:} or {@code http(s):} URI; a document that
   * cannot be fetched or parsed gives one {@link Finding.Layer#PARSE} error.
   */
  public List<Finding> validate(URI uri) {
    JsonNode tree;
    try {
      tree = reader.readTree(uri);
    } catch (StacException e) {
      return List.of(Finding.error(e.pointer().orElse(""), e.detail(), Finding.Layer.PARSE));
    }
    return validate(tree);
  }

  /** Configures a {@link StacValidator}. */
  public static final class Builder {
    private URI base;
    private final Map<String, URI> extensions = new LinkedHashMap<>();
    private Finding.Severity missingExtension = Finding.Severity.WARNING;
    private JsonLimits limits = JsonLimits.DEFAULT;

    private Builder() {}

    /**
     * Turns on the schema layer with the STAC schemas in a directory ({@code v1.0.0/}, {@code
     * v1.1.0/}, {@code geojson/}).
     *
     * @throws IllegalArgumentException when the directory does not exist
     */
    public Builder schemas(Path directory) {
      if (!java.nio.file.Files.isDirectory(directory)) {
        throw new IllegalArgumentException("schema directory not found: " + directory);
      }
      this.base = directory.toAbsolutePath().normalize().toUri();
      return this;
    }

    /**
     * Turns on the schema layer with the STAC schemas under a URL base (laid out as a directory).
     */
    public Builder schemas(URI base) {
      String s = base.toString();
      this.base = URI.create(s.endsWith("/") ? s : s + "/");
      return this;
    }

    /** Supplies the schema of an extension, e.g. eo v1.1.0 URL to a local file or URL. */
    public Builder extensionSchema(String extensionUrl, URI location) {
      extensions.put(Objects.requireNonNull(extensionUrl, "extensionUrl"), location);
      return this;
    }

    /** Supplies the schema of an extension from a local file. */
    public Builder extensionSchema(String extensionUrl, Path file) {
      return extensionSchema(extensionUrl, file.toAbsolutePath().normalize().toUri());
    }

    /**
     * The severity of a finding for an extension listed in {@code stac_extensions} whose schema was
     * not supplied: {@link Finding.Severity#WARNING} (default) or {@link Finding.Severity#ERROR}.
     */
    public Builder missingExtensionSchema(Finding.Severity severity) {
      this.missingExtension = Objects.requireNonNull(severity, "severity");
      return this;
    }

    /** Limits for files read by {@link StacValidator#validate(Path)}. */
    public Builder limits(JsonLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** The validator. */
    public StacValidator build() {
      return new StacValidator(this);
    }
  }
}
