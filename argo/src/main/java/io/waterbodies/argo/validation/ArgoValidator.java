package io.waterbodies.argo.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.waterbodies.argo.ArgoException;
import io.waterbodies.argo.manifest.ArgoManifests;
import io.waterbodies.argo.manifest.DuplicateKey;
import io.waterbodies.argo.manifest.ManifestDocument;
import io.waterbodies.argo.manifest.ManifestLimits;
import io.waterbodies.argo.model.ArgoResource;
import io.waterbodies.argo.model.ClusterWorkflowTemplate;
import io.waterbodies.argo.model.EventSource;
import io.waterbodies.argo.model.WorkflowSpecs;
import io.waterbodies.argo.model.WorkflowTemplate;
import io.waterbodies.argo.validation.ManifestFinding.Source;
import io.waterbodies.core.json.JsonPointers;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Validates Argo resources before they reach a cluster: against the Argo JSON schemas, strictly
 * against the fields the schemas define (a misspelt {@code entrypiont} is reported, which the
 * schemas alone let through), and with semantic checks: entrypoint, onExit and template references,
 * parameter references, DAG dependencies, template loops, sensor parameter destinations and
 * dependency names, DNS-1123 names. Resources validated together are checked against each other:
 * {@code templateRef}s into WorkflowTemplates of the set, sensor dependencies on EventSources of
 * the set.
 *
 * <p>It accepts what Argo accepts: where the generated schemas are stricter than Argo's Go types
 * and linter (IntOrString fields written as numbers, schema-{@code required} fields Argo does not
 * need, recursion, library WorkflowTemplates, built-in variables), Argo's rules win. Findings are
 * {@link ManifestFinding.Severity#ERROR errors} (Argo refuses it or it cannot work) or {@link
 * ManifestFinding.Severity#WARNING warnings} (accepted but probably not meant).
 *
 * <pre>{@code
 * ArgoValidator validator = ArgoValidator.create(ArgoSchemas.load(Path.of("schemas/argo")));
 * List<ManifestFinding> findings = validator.validate(pipeline.resources());
 * ValidationReport report = validator.validateFiles(List.of(Path.of("deploy/all.yaml")));
 * }</pre>
 */
public final class ArgoValidator {
  private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  private final ArgoSchemas schemas;

  private ArgoValidator(ArgoSchemas schemas) {
    this.schemas = Objects.requireNonNull(schemas, "schemas");
  }

  /** A validator using {@code schemas}. */
  public static ArgoValidator create(ArgoSchemas schemas) {
    return new ArgoValidator(schemas);
  }

  /** Validates one resource on its own. */
  public List<ManifestFinding> validate(ArgoResource resource) {
    return validate(List.of(resource));
  }

  /** Validates resources together; findings are ordered by resource, then pointer. */
  public List<ManifestFinding> validate(List<? extends ArgoResource> resources) {
    List<ManifestFinding> out = new ArrayList<>();
    validateEach(resources).forEach(out::addAll);
    return List.copyOf(out);
  }

  /** Validates resources together; one list of findings per resource, in the same order. */
  public List<List<ManifestFinding>> validateEach(List<? extends ArgoResource> resources) {
    // By name; several resources may share a name (other namespaces, variants of an example).
    Map<String, List<WorkflowSpecs>> templates = new HashMap<>();
    Map<String, List<WorkflowSpecs>> clusterTemplates = new HashMap<>();
    Map<String, List<EventSource>> sources = new HashMap<>();
    for (ArgoResource r : resources) {
      if (r instanceof WorkflowTemplate t && t.name().isPresent()) {
        templates.computeIfAbsent(t.name().get(), k -> new ArrayList<>()).add(t);
      } else if (r instanceof ClusterWorkflowTemplate t && t.name().isPresent()) {
        clusterTemplates.computeIfAbsent(t.name().get(), k -> new ArrayList<>()).add(t);
      } else if (r instanceof EventSource s && s.name().isPresent()) {
        sources.computeIfAbsent(s.name().get(), k -> new ArrayList<>()).add(s);
      }
    }
    List<List<ManifestFinding>> all = new ArrayList<>();
    for (ArgoResource r : resources) {
      List<ManifestFinding> out = new ArrayList<>();
      String id = r.kind() + "/" + r.displayName();
      validateTree(id, r.toJson(), "", out);
      new SemanticChecks(id, templates, clusterTemplates, sources, out, "").check(r);
      validateEmbedded(id, r, out);
      all.add(List.copyOf(out));
    }
    return List.copyOf(all);
  }

  /**
   * Reads and validates manifest files together (a Workflow's {@code templateRef} into a
   * WorkflowTemplate of another file is checked). Documents that are not Argo Workflows/Events
   * resources (ConfigMap, Secret, RBAC, PVC, other apiVersions) are skipped with a note; a
   * duplicate YAML key and a file that cannot be read are errors of that file.
   */
  public ValidationReport validateFiles(List<Path> files) {
    ArgoManifests reader = ArgoManifests.withLimits(ManifestLimits.DEFAULT);
    List<ArgoResource> resources = new ArrayList<>();
    List<Integer> owner = new ArrayList<>();
    List<List<ManifestFinding>> findings = new ArrayList<>();
    List<List<String>> notes = new ArrayList<>();
    List<List<ArgoResource>> perFile = new ArrayList<>();
    for (int f = 0; f < files.size(); f++) {
      Path file = files.get(f);
      List<ManifestFinding> fileFindings = new ArrayList<>();
      List<String> fileNotes = new ArrayList<>();
      List<ArgoResource> fileResources = new ArrayList<>();
      findings.add(fileFindings);
      notes.add(fileNotes);
      perFile.add(fileResources);
      List<ManifestDocument> docs;
      try {
        docs = reader.readDocuments(file);
      } catch (ArgoException e) {
        fileFindings.add(
            new ManifestFinding(
                e.location().orElse(file.toString()),
                e.pointer().orElse(""),
                e.detail(),
                Source.SYNTAX));
        continue;
      } catch (UncheckedIOException e) {
        fileFindings.add(
            new ManifestFinding(
                file.toString(), "", "cannot read: " + e.getCause().getMessage(), Source.SYNTAX));
        continue;
      }
      for (ManifestDocument d : docs) {
        String id = (d.kind().isEmpty() ? "?" : d.kind()) + "/" + d.displayName();
        for (DuplicateKey k : d.duplicateKeys()) {
          fileFindings.add(new ManifestFinding(id, k.pointer(), k.message(), Source.SYNTAX));
        }
        if (d.isSupportedKind()) {
          try {
            ArgoResource r = ArgoManifests.fromJson(d.tree(), d.location());
            resources.add(r);
            owner.add(f);
            fileResources.add(r);
          } catch (RuntimeException e) {
            fileFindings.add(new ManifestFinding(id, "", e.getMessage(), Source.SCHEMA));
          }
        } else {
          unsupported(d, id, fileFindings, fileNotes);
        }
      }
    }
    List<List<ManifestFinding>> each = validateEach(resources);
    for (int i = 0; i < resources.size(); i++) {
      findings.get(owner.get(i)).addAll(each.get(i));
    }
    List<ValidationReport.FileResult> results = new ArrayList<>();
    for (int f = 0; f < files.size(); f++) {
      results.add(
          new ValidationReport.FileResult(
              files.get(f), perFile.get(f), findings.get(f), notes.get(f)));
    }
    return new ValidationReport(results);
  }

  /** A document of another kind: skipped, unless its kind looks like a misspelt Argo kind. */
  private static void unsupported(
      ManifestDocument d, String id, List<ManifestFinding> findings, List<String> notes) {
    if (d.apiVersion().isEmpty() || d.kind().isEmpty()) {
      findings.add(
          new ManifestFinding(
              id,
              "",
              "document without apiVersion or kind: not a Kubernetes resource",
              Source.SCHEMA));
      return;
    }
    boolean argo = d.apiVersion().equals(ArgoResource.API_VERSION);
    if (argo) {
      for (String known : ArgoManifests.KINDS) {
        if (distance(d.kind().toLowerCase(Locale.ROOT), known.toLowerCase(Locale.ROOT)) <= 2) {
          findings.add(
              new ManifestFinding(
                  id,
                  "/kind",
                  "unknown kind '" + d.kind() + "' (did you mean '" + known + "'?)",
                  Source.SCHEMA));
          return;
        }
      }
    }
    notes.add(
        d.location()
            + ": skipped "
            + id
            + " ("
            + d.apiVersion()
            + "): not an Argo Workflows or Argo Events resource");
  }

  private void validateTree(String id, JsonNode json, String prefix, List<ManifestFinding> out) {
    String kind = json.path("kind").asText();
    Optional<String> definition = ArgoSchemas.definitionOf(kind);
    if (definition.isEmpty()) {
      out.add(
          new ManifestFinding(
              id, prefix + "/kind", "unsupported kind '" + kind + "'", Source.SCHEMA));
      return;
    }
    List<ManifestFinding> schemaFindings = new ArrayList<>();
    for (ArgoSchemas.SchemaError e : schemas.check(definition.get(), json)) {
      if (e.keyword().equals("required") && !RequiredFields.needed(e, json, schemas)) {
        continue;
      }
      schemaFindings.add(new ManifestFinding(id, prefix + e.pointer(), e.message(), Source.SCHEMA));
    }
    schemaFindings.sort(Comparator.comparing(ManifestFinding::pointer));
    out.addAll(schemaFindings);
    JsonNode def = schemas.definition(definition.get()).orElseThrow();
    strict(id, definition.get(), json, def, prefix, out);
    if (json.path("metadata").has("name")) {
      String name = json.path("metadata").path("name").asText();
      if (name.length() > 63 || !DNS1123_LABEL.matcher(name).matches()) {
        out.add(
            new ManifestFinding(
                id,
                prefix + "/metadata/name",
                "name '"
                    + name
                    + "' is not a DNS-1123 label (lowercase letters, digits, '-',"
                    + " at most 63 characters, starting and ending alphanumeric)",
                Source.SEMANTIC));
      }
    }
    // The API server cuts a long generateName to 58 characters before adding 5 random ones.
    String gen = json.path("metadata").path("generateName").asText("");
    if (!gen.isEmpty() && !Pattern.matches("[a-z0-9]([-a-z0-9]*)?", gen)) {
      out.add(
          new ManifestFinding(
              id,
              prefix + "/metadata/generateName",
              "generateName '" + gen + "' is not a valid DNS-1123 label prefix",
              Source.SEMANTIC));
    }
  }

  /** An Argo resource inside a sensor trigger is validated like a top-level one. */
  private void validateEmbedded(String id, ArgoResource r, List<ManifestFinding> out) {
    JsonNode triggers = r.toJson().path("spec").path("triggers");
    if (!r.kind().equals("Sensor") || !triggers.isArray()) {
      return;
    }
    for (int i = 0; i < triggers.size(); i++) {
      JsonNode template = triggers.get(i).path("template");
      for (String kind : List.of("k8s", "argoWorkflow")) {
        JsonNode res = template.path(kind).path("source").path("resource");
        if (res.isObject()
            && ArgoResource.API_VERSION.equals(res.path("apiVersion").asText())
            && ArgoSchemas.definitionOf(res.path("kind").asText()).isPresent()) {
          String prefix = "/spec/triggers/" + i + "/template/" + kind + "/source/resource";
          validateTree(id, res, prefix, out);
          try {
            ArgoResource inner = ArgoManifests.fromJson(res, id);
            new SemanticChecks(id, Map.of(), Map.of(), Map.of(), out, prefix).check(inner);
          } catch (RuntimeException e) {
            out.add(new ManifestFinding(id, prefix, e.getMessage(), Source.SEMANTIC));
          }
        }
      }
    }
  }

  private void strict(
      String id,
      String definition,
      JsonNode instance,
      JsonNode schema,
      String ptr,
      List<ManifestFinding> out) {
    JsonNode s = schemas.resolve(schema, definition);
    if (s == null || instance == null) {
      return;
    }
    if (instance.isObject()) {
      JsonNode props = s.get("properties");
      JsonNode additional = s.get("additionalProperties");
      Iterator<Map.Entry<String, JsonNode>> fields = instance.properties().iterator();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        String child = JsonPointers.child(ptr, f.getKey());
        if (props != null && props.has(f.getKey())) {
          strict(id, definition, f.getValue(), props.get(f.getKey()), child, out);
        } else if (additional != null && additional.isObject()) {
          strict(id, definition, f.getValue(), additional, child, out);
        } else if (props != null && (additional == null || additional.asBoolean(true))) {
          out.add(
              new ManifestFinding(
                  id,
                  child,
                  "unknown field '" + f.getKey() + "'" + suggestion(f.getKey(), props),
                  Source.UNKNOWN_FIELD));
        }
      }
    } else if (instance.isArray() && s.has("items")) {
      for (int i = 0; i < instance.size(); i++) {
        strict(id, definition, instance.get(i), s.get("items"), JsonPointers.child(ptr, i), out);
      }
    }
  }

  private static String suggestion(String field, JsonNode props) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    Iterator<String> names = props.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      int d = distance(field.toLowerCase(Locale.ROOT), n.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = n;
      }
    }
    return best != null && bestDistance <= Math.max(2, field.length() / 3)
        ? " (did you mean '" + best + "'?)"
        : " (not defined by the Argo schema)";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
