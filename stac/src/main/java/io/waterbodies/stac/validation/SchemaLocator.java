package io.waterbodies.stac.validation;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Maps the canonical schema ids onto the caller's copy: {@code
 * https://schemas.stacspec.org/v1.1.0/item-spec/json-schema/item.json} to {@code
 * <base>/v1.1.0/item.json}, {@code https://geojson.org/schema/Feature.json} to {@code
 * <base>/geojson/Feature.json}, and each supplied extension schema URL to its given location.
 */
final class SchemaLocator {
  static final String STAC_PREFIX = "https://schemas.stacspec.org/";
  static final String GEOJSON_PREFIX = "https://geojson.org/schema/";

  private final URI base;
  private final Map<String, URI> extensions;

  SchemaLocator(URI base, Map<String, URI> extensions) {
    this.base = base;
    this.extensions = Map.copyOf(extensions);
  }

  /** Where the schema with this id is, or empty when it is not mapped. */
  Optional<URI> locate(String id) {
    String key = strip(id);
    URI ext = extensions.get(key);
    if (ext != null) {
      return Optional.of(ext);
    }
    if (base == null) {
      return Optional.empty();
    }
    if (key.startsWith(STAC_PREFIX)) {
      String rest = key.substring(STAC_PREFIX.length());
      int slash = rest.indexOf('/');
      int last = rest.lastIndexOf('/');
      if (slash > 0) {
        return Optional.of(base.resolve(rest.substring(0, slash) + "/" + rest.substring(last + 1)));
      }
    }
    if (key.startsWith(GEOJSON_PREFIX)) {
      return Optional.of(base.resolve("geojson/" + key.substring(GEOJSON_PREFIX.length())));
    }
    return Optional.empty();
  }

  boolean hasExtension(String url) {
    return extensions.containsKey(strip(url));
  }

  boolean hasCoreSchemas() {
    return base != null;
  }

  /** The canonical id of the core schema for a document type and STAC version. */
  static String coreSchemaId(String type, String version) {
    String spec =
        switch (type) {
          case "Feature" -> "item-spec/json-schema/item.json";
          case "Catalog" -> "catalog-spec/json-schema/catalog.json";
          default -> "collection-spec/json-schema/collection.json";
        };
    return STAC_PREFIX + "v" + version + "/" + spec;
  }

  private static String strip(String id) {
    int hash = id.indexOf('#');
    return hash >= 0 ? id.substring(0, hash) : id;
  }
}
