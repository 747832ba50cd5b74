package io.waterbodies.argo.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import com.networknt.schema.path.NodePath;
import io.waterbodies.argo.ArgoException;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.json.JsonException;
import io.waterbodies.core.json.JsonPointers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The Argo Workflows and Argo Events JSON schemas ({@code argo-workflows-*.schema.json}, {@code
 * argo-events-*.schema.json}) loaded from a folder the caller names; every type is under {@code
 * definitions}. Thread-safe; compiled schemas are cached per type.
 */
public final class ArgoSchemas {
  private static final String WORKFLOW_PREFIX = "io.argoproj.workflow.v1alpha1.";
  private static final String EVENTS_PREFIX = "io.argoproj.events.v1alpha1.";

  private static final List<String> K8S_EXTENSIONS =
      List.of(
          "x-kubernetes-embedded-resource",
          "x-kubernetes-group-version-kind",
          "x-kubernetes-int-or-string",
          "x-kubernetes-list-map-keys",
          "x-kubernetes-list-type",
          "x-kubernetes-map-type",
          "x-kubernetes-patch-merge-key",
          "x-kubernetes-patch-strategy",
          "x-kubernetes-preserve-unknown-fields",
          "x-kubernetes-unions",
          "x-kubernetes-validations");

  private final JsonNode workflows;
  private final JsonNode events;
  private final Path dir;
  private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

  /**
   * Kubernetes types whose generated schema says "string" although the API server (and Argo's Go
   * types) accept a number as well: {@code retryStrategy.limit: 3}, {@code port: 8080}, {@code cpu:
   * 1}.
   */
  private static final Map<String, List<String>> NUMBER_OR_STRING =
      Map.of(
          "io.k8s.apimachinery.pkg.util.intstr.IntOrString", List.of("integer", "string"),
          "io.k8s.apimachinery.pkg.api.resource.Quantity", List.of("number", "string"));

  private ArgoSchemas(Path dir, JsonNode workflows, JsonNode events) {
    this.dir = dir;
    this.workflows = numbersAccepted(workflows);
    this.events = numbersAccepted(events);
  }

  private static JsonNode numbersAccepted(JsonNode doc) {
    ObjectNode copy = (ObjectNode) doc.deepCopy();
    ObjectNode defs = (ObjectNode) copy.get("definitions");
    NUMBER_OR_STRING.forEach(
        (name, types) -> {
          if (defs.get(name) instanceof ObjectNode d) {
            d.remove("type");
            types.forEach(d.withArray("type")::add);
          }
        });
    return copy;
  }

  /**
   * Loads the two schema files from {@code dir}.
   *
   * @throws ArgoException when the folder or a file is missing or not JSON
   */
  public static ArgoSchemas load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new ArgoException("Argo schema folder not found: " + dir.toAbsolutePath());
    }
    return new ArgoSchemas(dir, read(dir, "argo-workflows-"), read(dir, "argo-events-"));
  }

  private static JsonNode read(Path dir, String prefix) {
    Path file;
    try (Stream<Path> files = Files.list(dir)) {
      file =
          files
              .filter(p -> p.getFileName().toString().startsWith(prefix))
              .filter(p -> p.getFileName().toString().endsWith(".schema.json"))
              .sorted()
              .reduce((a, b) -> b)
              .orElseThrow(
                  () ->
                      new ArgoException(
                          "no " + prefix + "*.schema.json in " + dir.toAbsolutePath()));
    } catch (IOException e) {
      throw new ArgoException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      JsonNode n = Json.parse(in, file.toString());
      if (!n.path("definitions").isObject()) {
        throw new ArgoException(file + " has no 'definitions': not an Argo schema file");
      }
      return n;
    } catch (IOException e) {
      throw new ArgoException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (JsonException e) {
      throw new ArgoException("schema " + file + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  /** The folder the schemas were read from. */
  public Path directory() {
    return dir;
  }

  /** The definition name of an Argo kind, e.g. {@code io.argoproj.events.v1alpha1.Sensor}. */
  public static Optional<String> definitionOf(String kind) {
    return switch (kind) {
      case "Workflow",
          "WorkflowTemplate",
          "ClusterWorkflowTemplate",
          "CronWorkflow",
          "WorkflowEventBinding" ->
          Optional.of(WORKFLOW_PREFIX + kind);
      case "EventBus", "EventSource", "Sensor" -> Optional.of(EVENTS_PREFIX + kind);
      default -> Optional.empty();
    };
  }

  /** The schema document holding {@code definition}. */
  JsonNode documentOf(String definition) {
    return definition.startsWith(EVENTS_PREFIX) ? events : workflows;
  }

  /** The raw definition, with {@code $ref}s still unresolved. */
  Optional<JsonNode> definition(String definition) {
    JsonNode d = documentOf(definition).path("definitions").get(definition);
    return Optional.ofNullable(d);
  }

  /** Resolves a local {@code #/definitions/...} reference chain. */
  JsonNode resolve(JsonNode schema, String definition) {
    JsonNode s = schema;
    int guard = 0;
    while (s != null && s.has("$ref") && guard++ < 32) {
      String ref = s.get("$ref").asText();
      if (!ref.startsWith("#/definitions/")) {
        return s;
      }
      s = documentOf(definition).path("definitions").get(ref.substring("#/definitions/".length()));
    }
    return s;
  }

  /**
   * Validates an instance against a definition.
   *
   * @return pairs of (JSON pointer, message)
   */
  public List<Map.Entry<String, String>> validate(String definition, JsonNode instance) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    for (SchemaError e : check(definition, instance)) {
      out.add(Map.entry(e.pointer(), e.message()));
    }
    return out;
  }

  /**
   * One schema violation with what the validator needs to judge it.
   *
   * @param pointer where in the instance
   * @param message the schema library's message
   * @param keyword the failing keyword, e.g. {@code required}
   * @param property the missing property of a {@code required} failure, else empty
   * @param owner the definition holding the failing keyword, e.g. {@code
   *     io.argoproj.events.v1alpha1.WebhookContext}, else empty
   */
  record SchemaError(
      String pointer, String message, String keyword, String property, String owner) {}

  /** Validates an instance against a definition, keeping each failure's keyword and owner. */
  List<SchemaError> check(String definition, JsonNode instance) {
    Schema schema = compiled.computeIfAbsent(definition, this::compile);
    List<SchemaError> out = new ArrayList<>();
    for (Error e : schema.validate(instance)) {
      out.add(
          new SchemaError(
              pointer(e.getInstanceLocation()),
              e.getMessage(),
              String.valueOf(e.getKeyword()),
              e.getProperty() == null ? "" : e.getProperty(),
              owner(String.valueOf(e.getSchemaLocation()))));
    }
    return out;
  }

  private static String owner(String schemaLocation) {
    int at = schemaLocation.lastIndexOf("/definitions/");
    if (at < 0) {
      return "";
    }
    String rest = schemaLocation.substring(at + "/definitions/".length());
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }

  private Schema compile(String definition) {
    JsonNode doc = documentOf(definition);
    if (!doc.path("definitions").has(definition)) {
      throw new ArgoException("no definition " + definition + " in the schemas of " + dir);
    }
    ObjectNode root = Json.object();
    root.put("$ref", "#/definitions/" + definition);
    root.set("definitions", doc.get("definitions"));
    Dialect base = doc == workflows ? Dialects.getDraft202012() : Dialects.getDraft7();
    // Kubernetes' OpenAPI extensions carry no validation; declaring them keeps the validator quiet.
    List<NonValidationKeyword> k8sExtensions = new ArrayList<>();
    for (String k : K8S_EXTENSIONS) {
      k8sExtensions.add(new NonValidationKeyword(k));
    }
    SchemaRegistry registry =
        SchemaRegistry.withDefaultDialect(Dialect.builder(base).keywords(k8sExtensions).build());
    return registry.getSchema(
        SchemaLocation.of("urn:waterbodies:argo:" + definition), (JsonNode) root);
  }

  private static String pointer(NodePath path) {
    StringBuilder sb = new StringBuilder();
    String p = "";
    for (int i = 0; i < path.getNameCount(); i++) {
      Object el = path.getElement(i);
      p =
          el instanceof Integer idx
              ? JsonPointers.child(p, idx)
              : JsonPointers.child(p, String.valueOf(el));
    }
    sb.append(p);
    return sb.toString();
  }
}
