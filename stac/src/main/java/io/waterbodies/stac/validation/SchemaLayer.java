package io.waterbodies.stac.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import io.waterbodies.core.json.JsonPointers;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON Schema (draft-07) validation with networknt json-schema-validator, loading every schema
 * through a {@link SchemaLocator} and never from the network unless the caller's base is a URL.
 */
final class SchemaLayer {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaLayer.class);

  private final SchemaLocator locator;
  private final Finding.Severity missingExtension;
  private final SchemaRegistry registry;
  private final Map<String, Schema> cache = new ConcurrentHashMap<>();

  SchemaLayer(SchemaLocator locator, Finding.Severity missingExtension) {
    this.locator = locator;
    this.missingExtension = missingExtension;
    this.registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_7,
            b ->
                b.schemaRegistryConfig(
                        SchemaRegistryConfig.builder()
                            .pathType(PathType.JSON_POINTER)
                            .locale(Locale.ENGLISH)
                            .build())
                    .schemaLoader(
                        l ->
                            l.fetchRemoteResources(false)
                                .resourceLoaders(
                                    r ->
                                        r.add(
                                            iri -> {
                                              Optional<URI> at = locator.locate(iri.toString());
                                              return at.isEmpty() ? null : () -> open(at.get());
                                            }))));
  }

  private static InputStream open(URI uri) throws IOException {
    if ("file".equals(uri.getScheme())) {
      return Files.newInputStream(Path.of(uri));
    }
    java.net.URLConnection c = uri.toURL().openConnection();
    // A schema server that stops answering must not hang validation.
    c.setConnectTimeout(10_000);
    c.setReadTimeout(30_000);
    return c.getInputStream();
  }

  /**
   * Validates one STAC object (not an ItemCollection) whose pointer in the document is {@code p}.
   */
  void validateObject(JsonNode doc, String p, List<Finding> out) {
    String type = doc.path("type").asText();
    String version = doc.path("stac_version").asText("");
    if (locator.hasCoreSchemas()) {
      String id = SchemaLocator.coreSchemaId(type, version);
      Optional<URI> at = locator.locate(id);
      if (at.isPresent() && exists(at.get())) {
        run(id, doc, p, out);
      } else {
        out.add(
            Finding.warning(
                JsonPointers.child(p, "stac_version"),
                "no core schema for STAC "
                    + version
                    + " at "
                    + at.map(URI::toString).orElse(id)
                    + "; schema layer skipped",
                Finding.Layer.SCHEMA));
      }
    }
    JsonNode exts = doc.get("stac_extensions");
    if (exts != null && exts.isArray()) {
      for (int i = 0; i < exts.size(); i++) {
        String url = exts.get(i).asText();
        String ep = JsonPointers.child(JsonPointers.child(p, "stac_extensions"), i);
        if (locator.hasExtension(url)) {
          run(url, doc, p, out);
        } else {
          out.add(
              new Finding(
                  ep,
                  "no schema supplied for extension " + url + "; its fields were not checked",
                  missingExtension,
                  Finding.Layer.SCHEMA));
        }
      }
    }
  }

  private static boolean exists(URI uri) {
    return !"file".equals(uri.getScheme()) || Files.isRegularFile(Path.of(uri));
  }

  private void run(String schemaId, JsonNode doc, String p, List<Finding> out) {
    List<Error> errors;
    try {
      Schema schema =
          cache.computeIfAbsent(schemaId, id -> registry.getSchema(SchemaLocation.of(id)));
      errors = schema.validate(doc);
    } catch (RuntimeException e) {
      // A schema that cannot be loaded or compiled is a problem the user must see, not a crash.
      LOG.debug("schema {} failed", schemaId, e);
      out.add(
          Finding.error(
              p, "cannot use schema " + schemaId + ": " + rootCause(e), Finding.Layer.SCHEMA));
      return;
    }
    List<Finding> found = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Error e : SchemaErrors.prune(errors)) {
      String at = e.getInstanceLocation() == null ? "" : e.getInstanceLocation().toString();
      String pointer = p + (at.equals("/") ? "" : at);
      if ("required".equals(e.getKeyword()) && e.getProperty() != null) {
        // Point at the missing member, as the structural rules do, not at its parent.
        pointer = JsonPointers.child(pointer, e.getProperty());
      }
      if (!seen.add(pointer + "\n" + e.getMessage())) {
        continue; // the same problem reached through two $refs
      }
      found.add(
          Finding.error(
              pointer, message(e) + " (" + shortId(schemaId) + ")", Finding.Layer.SCHEMA));
    }
    out.addAll(found);
  }

  private static String message(Error e) {
    // "not": {} on a property is how the schemas say "this field must be absent".
    if ("not".equals(e.getKeyword())
        && e.getSchemaNode() != null
        && e.getSchemaNode().isObject()
        && e.getSchemaNode().isEmpty()) {
      return "must be absent here";
    }
    if (("oneOf".equals(e.getKeyword()) || "anyOf".equals(e.getKeyword()))
        && e.getMessage().contains("but 0 are valid")) {
      return "matches none of the forms the schema allows";
    }
    return e.getMessage();
  }

  private static String shortId(String id) {
    return id.startsWith(SchemaLocator.STAC_PREFIX)
        ? id.substring(SchemaLocator.STAC_PREFIX.length())
        : id;
  }

  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    if (t instanceof NoSuchFileException) {
      return "no such file " + t.getMessage();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
