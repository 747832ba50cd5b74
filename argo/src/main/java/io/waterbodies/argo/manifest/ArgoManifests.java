package io.waterbodies.argo.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.waterbodies.argo.ManifestException;
import io.waterbodies.argo.ManifestLimitException;
import io.waterbodies.argo.UnsupportedKindException;
import io.waterbodies.argo.model.ArgoResource;
import io.waterbodies.argo.model.EventBus;
import io.waterbodies.argo.model.EventSource;
import io.waterbodies.argo.model.Sensor;
import io.waterbodies.argo.model.Workflow;
import io.waterbodies.argo.model.WorkflowTemplate;
import io.waterbodies.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Renders Argo resources as YAML or JSON and reads manifests back as typed resources by {@code
 * kind}. Reading enforces {@link ManifestLimits}: input size, YAML aliases (a "billion laughs" bomb
 * is refused), document count.
 *
 * <pre>{@code
 * String yaml = ArgoManifests.toYaml(pipeline.resources());
 * List<ArgoResource> back = ArgoManifests.read(yaml, "pipeline.yaml");
 * }</pre>
 */
public final class ArgoManifests {
  private static final YAMLMapper YAML =
      new YAMLMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
              .build());

  private static final ArgoManifests DEFAULT = new ArgoManifests(ManifestLimits.DEFAULT);

  private final ManifestLimits limits;

  private ArgoManifests(ManifestLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** A reader with other limits. */
  public static ArgoManifests withLimits(ManifestLimits limits) {
    return new ArgoManifests(limits);
  }

  /** Renders one resource as a YAML document. */
  public static String toYaml(ArgoResource resource) {
    return toYaml(resource.toJson(), resource.kind() + " " + resource.displayName());
  }

  /**
   * Renders any JSON tree (a Kubernetes object that is not an Argo resource, a CWL document) as a
   * YAML document in the same style as the resources.
   *
   * @param what names the document in an error message
   */
  public static String toYaml(JsonNode document, String what) {
    try {
      return YAML.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new ManifestException(
          "cannot render " + what + " as YAML: " + e.getOriginalMessage(), what, null, e);
    }
  }

  /** Renders resources as one multi-document YAML text ({@code ---} between documents). */
  public static String toYaml(List<? extends ArgoResource> resources) {
    List<String> docs = new ArrayList<>();
    for (ArgoResource r : resources) {
      docs.add(toYaml(r));
    }
    return String.join("---\n", docs);
  }

  /** Renders one resource as indented JSON. */
  public static String toJson(ArgoResource resource) {
    return Json.write(resource.toJson(), true);
  }

  /** Reads every document of a YAML or JSON file with the default limits. */
  public static List<ArgoResource> read(Path file) {
    return DEFAULT.readAll(file);
  }

  /** Reads every document of a YAML or JSON text with the default limits. */
  public static List<ArgoResource> read(String text, String location) {
    return DEFAULT.readAll(text, location);
  }

  /**
   * Reads a single resource of the expected type.
   *
   * @throws UnsupportedKindException when the document is of another kind
   */
  public static <T extends ArgoResource> T read(String text, String location, Class<T> type) {
    List<ArgoResource> all = DEFAULT.readAll(text, location);
    if (all.size() != 1) {
      throw new ManifestException(
          "expected one " + type.getSimpleName() + " document, found " + all.size(),
          location,
          null,
          null);
    }
    ArgoResource r = all.get(0);
    if (!type.isInstance(r)) {
      throw new UnsupportedKindException(
          "expected kind " + type.getSimpleName() + " but the manifest is a " + r.kind(),
          location,
          "/kind",
          null);
    }
    return type.cast(r);
  }

  /** Reads every document of a file with this reader's limits. */
  public List<ArgoResource> readAll(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return readAll(in, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads every document of a stream (not closed) with this reader's limits. */
  public List<ArgoResource> readAll(InputStream in, String location) {
    byte[] bytes;
    try {
      bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxBytes() + 1));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + location + ": " + e.getMessage(), e);
    }
    checkSize(bytes.length, location);
    return parse(new String(bytes, StandardCharsets.UTF_8), location);
  }

  /** Reads every document of a text with this reader's limits. */
  public List<ArgoResource> readAll(String text, String location) {
    checkSize(text.getBytes(StandardCharsets.UTF_8).length, location);
    return parse(text, location);
  }

  /** Reads every document as JSON trees, without interpreting the kind. */
  public List<ObjectNode> readTrees(String text, String location) {
    checkSize(text.getBytes(StandardCharsets.UTF_8).length, location);
    return trees(text, location);
  }

  /** Turns one JSON object into the typed resource of its {@code kind}. */
  public static ArgoResource fromJson(JsonNode node, String location) {
    if (!(node instanceof ObjectNode o)) {
      throw new ManifestException(
          "a manifest must be an object, got " + node.getNodeType(), location, "", null);
    }
    String apiVersion = o.path("apiVersion").asText("");
    if (!apiVersion.equals(ArgoResource.API_VERSION)) {
      throw new UnsupportedKindException(
          "apiVersion '"
              + apiVersion
              + "' is not "
              + ArgoResource.API_VERSION
              + " (not an Argo resource)",
          location,
          "/apiVersion",
          null);
    }
    String kind = o.path("kind").asText("");
    return switch (kind) {
      case Workflow.KIND -> Workflow.of(o);
      case WorkflowTemplate.KIND -> WorkflowTemplate.of(o);
      case EventBus.KIND -> EventBus.of(o);
      case EventSource.KIND -> EventSource.of(o);
      case Sensor.KIND -> Sensor.of(o);
      default ->
          throw new UnsupportedKindException(
              "unsupported kind '"
                  + kind
                  + "': expected Workflow, WorkflowTemplate, EventBus, EventSource or Sensor",
              location,
              "/kind",
              null);
    };
  }

  private List<ArgoResource> parse(String text, String location) {
    List<ArgoResource> out = new ArrayList<>();
    List<ObjectNode> trees = trees(text, location);
    for (int i = 0; i < trees.size(); i++) {
      out.add(fromJson(trees.get(i), trees.size() == 1 ? location : location + "#" + (i + 1)));
    }
    return List.copyOf(out);
  }

  private List<ObjectNode> trees(String text, String location) {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(limits.maxAliases());
    options.setAllowDuplicateKeys(false);
    options.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, limits.maxBytes() + 1));
    options.setNestingDepthLimit(200);
    Yaml yaml = new Yaml(new StringTimestamps(options));
    List<ObjectNode> out = new ArrayList<>();
    try {
      int index = 0;
      for (Object doc : yaml.loadAll(text)) {
        index++;
        if (doc == null) {
          continue;
        }
        if (out.size() >= limits.maxDocuments()) {
          throw new ManifestLimitException(
              "more than " + limits.maxDocuments() + " documents", location, null, null);
        }
        JsonNode node = Json.mapper().valueToTree(doc);
        if (!(node instanceof ObjectNode o)) {
          throw new ManifestException(
              "document " + index + " is a " + node.getNodeType() + ", not an object",
              location,
              "",
              null);
        }
        out.add(o);
      }
    } catch (YAMLException e) {
      String msg = String.valueOf(e.getMessage());
      if (msg.contains("aliases") || msg.contains("exceeds")) {
        throw new ManifestLimitException(
            "YAML exceeds the limits (" + limits.maxAliases() + " aliases): " + firstLine(msg),
            location,
            null,
            e);
      }
      throw new ManifestException("not valid YAML: " + firstLine(msg), location, null, e);
    } catch (IllegalArgumentException e) {
      throw new ManifestException(
          "cannot convert YAML to JSON: " + firstLine(e.getMessage()), location, null, e);
    }
    if (out.isEmpty()) {
      throw new ManifestException("no manifest in the input", location, null, null);
    }
    return out;
  }

  private void checkSize(long bytes, String location) {
    if (bytes > limits.maxBytes()) {
      throw new ManifestLimitException(
          "manifest larger than the limit of " + limits.maxBytes() + " bytes",
          location,
          null,
          null);
    }
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Keeps YAML timestamps as the strings they were written as, as Kubernetes does. */
  private static final class StringTimestamps extends SafeConstructor {
    StringTimestamps(LoaderOptions options) {
      super(options);
      this.yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
    }
  }
}
