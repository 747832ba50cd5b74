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
import io.waterbodies.argo.model.ClusterWorkflowTemplate;
import io.waterbodies.argo.model.CronWorkflow;
import io.waterbodies.argo.model.EventBus;
import io.waterbodies.argo.model.EventSource;
import io.waterbodies.argo.model.Sensor;
import io.waterbodies.argo.model.Workflow;
import io.waterbodies.argo.model.WorkflowEventBinding;
import io.waterbodies.argo.model.WorkflowTemplate;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.json.JsonPointers;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Renders Argo resources as YAML or JSON and reads manifests back as typed resources by {@code
 * kind}. Reading enforces {@link ManifestLimits}: input size, YAML aliases (a "billion laughs" bomb
 * is refused), document count. A key written twice in one mapping is refused by the typed reads and
 * reported with its line by {@link #readDocuments}, which also keeps documents that are not Argo
 * resources so a caller can skip them.
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

  /** The kinds {@link #fromJson} reads (all of apiVersion {@code argoproj.io/v1alpha1}). */
  public static final Set<String> KINDS =
      Set.of(
          Workflow.KIND,
          WorkflowTemplate.KIND,
          ClusterWorkflowTemplate.KIND,
          CronWorkflow.KIND,
          WorkflowEventBinding.KIND,
          EventBus.KIND,
          EventSource.KIND,
          Sensor.KIND);

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
    return strict(documents(text, location)).stream().map(ManifestDocument::tree).toList();
  }

  /**
   * Reads every document of a file without interpreting its kind and without failing on duplicate
   * keys (they are listed on each document; the last value is kept).
   *
   * @throws ManifestException when the file is not YAML/JSON or a document is not an object
   */
  public List<ManifestDocument> readDocuments(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxBytes() + 1));
      checkSize(bytes.length, file.toString());
      return documents(new String(bytes, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Like {@link #readDocuments(Path)}, for a text. */
  public List<ManifestDocument> readDocuments(String text, String location) {
    checkSize(text.getBytes(StandardCharsets.UTF_8).length, location);
    return documents(text, location);
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
      case ClusterWorkflowTemplate.KIND -> ClusterWorkflowTemplate.of(o);
      case CronWorkflow.KIND -> CronWorkflow.of(o);
      case WorkflowEventBinding.KIND -> WorkflowEventBinding.of(o);
      case EventBus.KIND -> EventBus.of(o);
      case EventSource.KIND -> EventSource.of(o);
      case Sensor.KIND -> Sensor.of(o);
      default ->
          throw new UnsupportedKindException(
              "unsupported kind '" + kind + "': expected one of " + new java.util.TreeSet<>(KINDS),
              location,
              "/kind",
              null);
    };
  }

  private List<ArgoResource> parse(String text, String location) {
    List<ArgoResource> out = new ArrayList<>();
    for (ManifestDocument d : strict(documents(text, location))) {
      out.add(fromJson(d.tree(), d.location()));
    }
    return List.copyOf(out);
  }

  /** The typed reads refuse what {@link #readDocuments} reports: a duplicate key. */
  private static List<ManifestDocument> strict(List<ManifestDocument> docs) {
    for (ManifestDocument d : docs) {
      if (!d.duplicateKeys().isEmpty()) {
        DuplicateKey k = d.duplicateKeys().get(0);
        throw new ManifestException(
            "not valid YAML: " + k.message(), d.location(), k.pointer(), null);
      }
    }
    return docs;
  }

  private List<ManifestDocument> documents(String text, String location) {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(limits.maxAliases());
    // Duplicates are found on the composed nodes below, with their lines; the last value wins.
    options.setAllowDuplicateKeys(true);
    options.setWarnOnDuplicateKeys(false);
    options.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, limits.maxBytes() + 1));
    options.setNestingDepthLimit(200);
    StringTimestamps constructor = new StringTimestamps(options);
    Yaml yaml = new Yaml(constructor);
    List<Node> nodes = new ArrayList<>();
    try {
      for (Node n : yaml.composeAll(new StringReader(text))) {
        if (n != null) {
          nodes.add(n);
        }
        if (nodes.size() > limits.maxDocuments()) {
          throw new ManifestLimitException(
              "more than " + limits.maxDocuments() + " documents", location, null, null);
        }
      }
    } catch (YAMLException e) {
      throw yamlError(e, location);
    }
    List<ManifestDocument> out = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      Node n = nodes.get(i);
      String where = nodes.size() == 1 ? location : location + "#" + (i + 1);
      List<DuplicateKey> duplicates = new ArrayList<>();
      duplicates(n, "", duplicates, new IdentityHashMap<>());
      Object doc;
      try {
        doc = constructor.document(n);
      } catch (YAMLException e) {
        throw yamlError(e, where);
      }
      if (doc == null) {
        continue;
      }
      JsonNode node;
      try {
        node = Json.mapper().valueToTree(doc);
      } catch (IllegalArgumentException e) {
        throw new ManifestException(
            "cannot convert YAML to JSON: " + firstLine(e.getMessage()), where, null, e);
      }
      if (!(node instanceof ObjectNode o)) {
        throw new ManifestException(
            "document " + (i + 1) + " is a " + node.getNodeType() + ", not an object",
            location,
            "",
            null);
      }
      out.add(new ManifestDocument(where, n.getStartMark().getLine() + 1, o, duplicates));
    }
    if (out.isEmpty()) {
      throw new ManifestException("no manifest in the input", location, null, null);
    }
    return List.copyOf(out);
  }

  private ManifestException yamlError(YAMLException e, String location) {
    String msg = String.valueOf(e.getMessage());
    if (msg.contains("aliases") || msg.contains("exceeds")) {
      return new ManifestLimitException(
          "YAML exceeds the limits (" + limits.maxAliases() + " aliases): " + firstLine(msg),
          location,
          null,
          e);
    }
    return new ManifestException("not valid YAML: " + oneLine(msg), location, null, e);
  }

  /** Walks the composed nodes once each (aliases are not re-walked, so a YAML bomb stays cheap). */
  private static void duplicates(
      Node node, String pointer, List<DuplicateKey> out, Map<Node, Boolean> seen) {
    if (seen.put(node, Boolean.TRUE) != null) {
      return;
    }
    if (node instanceof MappingNode m) {
      Map<String, Integer> lines = new HashMap<>();
      for (NodeTuple t : m.getValue()) {
        if (!(t.getKeyNode() instanceof ScalarNode k) || k.getTag().equals(Tag.MERGE)) {
          continue;
        }
        String child = JsonPointers.child(pointer, k.getValue());
        int line = k.getStartMark().getLine() + 1;
        Integer first = lines.putIfAbsent(k.getValue(), line);
        if (first != null) {
          out.add(new DuplicateKey(child, k.getValue(), line, first));
        }
        duplicates(t.getValueNode(), child, out, seen);
      }
    } else if (node instanceof SequenceNode s) {
      for (int i = 0; i < s.getValue().size(); i++) {
        duplicates(s.getValue().get(i), JsonPointers.child(pointer, i), out, seen);
      }
    }
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

  /** A SnakeYAML message (context, problem, marks over several lines) on one line. */
  private static String oneLine(String s) {
    return s.replaceAll("\\s*\\n\\s*", " ").trim();
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

    Object document(Node node) {
      return constructDocument(node);
    }
  }
}
