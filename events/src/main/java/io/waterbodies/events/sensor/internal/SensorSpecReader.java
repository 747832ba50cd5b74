package io.waterbodies.events.sensor.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.waterbodies.core.json.Json;
import io.waterbodies.events.sensor.ContextFilter;
import io.waterbodies.events.sensor.DataFilter;
import io.waterbodies.events.sensor.Dependency;
import io.waterbodies.events.sensor.ExprFilter;
import io.waterbodies.events.sensor.Filters;
import io.waterbodies.events.sensor.LogicalOperator;
import io.waterbodies.events.sensor.Parameter;
import io.waterbodies.events.sensor.ParameterSource;
import io.waterbodies.events.sensor.RateLimit;
import io.waterbodies.events.sensor.SensorSpec;
import io.waterbodies.events.sensor.SensorSpecException;
import io.waterbodies.events.sensor.TimeFilter;
import io.waterbodies.events.sensor.TriggerSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the sensor part of an Argo Events {@code Sensor} manifest from Jackson trees, so that no
 * typed Argo model is needed. Structural problems are reported with the file and JSON pointer.
 */
public final class SensorSpecReader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> CONTEXT_KEYS =
      Set.of("type", "subject", "source", "datacontenttype", "id", "specversion");

  private final String location;

  private SensorSpecReader(String location) {
    this.location = location;
  }

  /** Reads a YAML or JSON file. */
  public static SensorSpec read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SensorSpecException(
          "cannot read the sensor file: " + e.getMessage(), file.toString(), null, e);
    }
    return parse(text, file.toString());
  }

  /** Parses YAML or JSON text. */
  public static SensorSpec parse(String text, String location) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new SensorSpecException(
          "not a YAML or JSON document: " + e.getOriginalMessage(), location, null, e);
    }
    if (root == null || !root.isObject()) {
      throw new SensorSpecException("expected a Sensor manifest object", location, "", null);
    }
    // Round-trip through the SDK mapper so numbers are exact and nodes are the usual types.
    root = Json.parse(Json.write(root, false), location);
    return new SensorSpecReader(location).sensor(root);
  }

  private SensorSpec sensor(JsonNode root) {
    String kind = root.path("kind").asText("Sensor");
    if (!"Sensor".equals(kind)) {
      throw error("expected kind Sensor, found " + kind, "/kind");
    }
    String name = root.path("metadata").path("name").asText("sensor");
    JsonNode spec = root.path("spec");
    if (!spec.isObject()) {
      throw error("the manifest has no spec object", "/spec");
    }
    JsonNode deps = spec.path("dependencies");
    if (!deps.isArray() || deps.isEmpty()) {
      throw error("spec.dependencies must list at least one dependency", "/spec/dependencies");
    }
    List<Dependency> dependencies = new ArrayList<>();
    for (int i = 0; i < deps.size(); i++) {
      dependencies.add(dependency(deps.get(i), "/spec/dependencies/" + i));
    }
    List<String> depNames = dependencies.stream().map(Dependency::name).toList();
    if (Set.copyOf(depNames).size() != depNames.size()) {
      throw error("dependency names must be unique: " + depNames, "/spec/dependencies");
    }
    JsonNode trigs = spec.path("triggers");
    if (!trigs.isArray() || trigs.isEmpty()) {
      throw error("spec.triggers must list at least one trigger", "/spec/triggers");
    }
    List<TriggerSpec> triggers = new ArrayList<>();
    for (int i = 0; i < trigs.size(); i++) {
      triggers.add(trigger(trigs.get(i), "/spec/triggers/" + i, depNames));
    }
    return new SensorSpec(name, dependencies, triggers);
  }

  private Dependency dependency(JsonNode d, String ptr) {
    String name = required(d, "name", ptr);
    String source = required(d, "eventSourceName", ptr);
    String event = required(d, "eventName", ptr);
    Optional<String> jq = Optional.empty();
    JsonNode transform = d.path("transform");
    if (transform.isObject()) {
      if (transform.hasNonNull("script")) {
        throw error(
            "Lua transform scripts are not supported; use transform.jq", ptr + "/transform/script");
      }
      jq = text(transform, "jq");
    }
    Filters filters =
        d.has("filters") ? filters(d.get("filters"), ptr + "/filters") : Filters.none();
    LogicalOperator op = operator(d, "filtersLogicalOperator", ptr);
    return new Dependency(name, source, event, jq, filters, op);
  }

  private Filters filters(JsonNode f, String ptr) {
    if (f.hasNonNull("script")) {
      throw error("Lua filter scripts are not supported; use exprs", ptr + "/script");
    }
    List<DataFilter> data = new ArrayList<>();
    JsonNode dn = f.path("data");
    for (int i = 0; i < dn.size(); i++) {
      JsonNode df = dn.get(i);
      String p = ptr + "/data/" + i;
      if (df.hasNonNull("template")) {
        throw error("data filter templates are not supported", p + "/template");
      }
      List<String> values = new ArrayList<>();
      JsonNode v = df.path("value");
      if (v.isArray()) {
        v.forEach(x -> values.add(x.asText()));
      } else if (!v.isMissingNode() && !v.isNull()) {
        values.add(v.asText());
      }
      if (values.isEmpty()) {
        throw error("a data filter needs at least one value", p + "/value");
      }
      data.add(
          new DataFilter(
              required(df, "path", p),
              required(df, "type", p).toLowerCase(Locale.ROOT),
              values,
              text(df, "comparator").orElse("=")));
    }
    List<ExprFilter> exprs = new ArrayList<>();
    JsonNode en = f.path("exprs");
    for (int i = 0; i < en.size(); i++) {
      JsonNode ef = en.get(i);
      String p = ptr + "/exprs/" + i;
      Map<String, String> fields = new LinkedHashMap<>();
      JsonNode fn = ef.path("fields");
      for (int j = 0; j < fn.size(); j++) {
        fields.put(
            required(fn.get(j), "name", p + "/fields/" + j),
            required(fn.get(j), "path", p + "/fields/" + j));
      }
      exprs.add(new ExprFilter(required(ef, "expr", p), fields));
    }
    Optional<ContextFilter> context = Optional.empty();
    if (f.path("context").isObject()) {
      Map<String, String> attrs = new LinkedHashMap<>();
      var it = f.get("context").properties().iterator();
      while (it.hasNext()) {
        var e = it.next();
        if (!CONTEXT_KEYS.contains(e.getKey())) {
          throw error(
              "unknown context attribute '"
                  + e.getKey()
                  + "' (expected one of "
                  + CONTEXT_KEYS
                  + ")",
              ptr + "/context/" + e.getKey());
        }
        if (!e.getValue().asText().isEmpty()) {
          attrs.put(e.getKey(), e.getValue().asText());
        }
      }
      context = Optional.of(new ContextFilter(attrs));
    }
    Optional<TimeFilter> time = Optional.empty();
    if (f.path("time").isObject()) {
      JsonNode t = f.get("time");
      time =
          Optional.of(
              new TimeFilter(
                  timeOfDay(required(t, "start", ptr + "/time"), ptr + "/time/start"),
                  timeOfDay(required(t, "stop", ptr + "/time"), ptr + "/time/stop")));
    }
    return new Filters(
        data,
        operator(f, "dataLogicalOperator", ptr),
        exprs,
        operator(f, "exprLogicalOperator", ptr),
        context,
        time);
  }

  private TriggerSpec trigger(JsonNode t, String ptr, List<String> depNames) {
    JsonNode tpl = t.path("template");
    String tp = ptr + "/template";
    if (!tpl.isObject()) {
      throw error("a trigger needs a template", tp);
    }
    String name = required(tpl, "name", tp);
    if (t.path("parameters").size() > 0) {
      throw error(
          "trigger-level (template) parameters are not supported; put parameters on the trigger"
              + " type (k8s.parameters, argoWorkflow.parameters)",
          ptr + "/parameters");
    }
    List<String> deps = conditions(tpl, tp, depNames);
    String kind = null;
    JsonNode body = null;
    var it = tpl.properties().iterator();
    while (it.hasNext()) {
      var e = it.next();
      if (!Set.of("name", "conditions", "conditionsReset").contains(e.getKey())
          && e.getValue().isObject()) {
        kind = e.getKey();
        body = e.getValue();
        break;
      }
    }
    if (kind == null) {
      throw error(
          "the trigger template declares no trigger type (k8s, argoWorkflow, log, ...)", tp);
    }
    ObjectNode resource = Json.object();
    JsonNode res = body.path("source").path("resource");
    if (res.isObject()) {
      resource = (ObjectNode) res.deepCopy();
    }
    List<Parameter> params = new ArrayList<>();
    JsonNode pn = body.path("parameters");
    for (int i = 0; i < pn.size(); i++) {
      params.add(parameter(pn.get(i), tp + "/" + kind + "/parameters/" + i, depNames));
    }
    Optional<RateLimit> rate = Optional.empty();
    if (t.path("rateLimit").isObject()) {
      JsonNode r = t.get("rateLimit");
      Duration unit =
          switch (r.path("unit").asText("Second")) {
            case "Second" -> Duration.ofSeconds(1);
            case "Minute" -> Duration.ofMinutes(1);
            case "Hour" -> Duration.ofHours(1);
            default ->
                throw error(
                    "rate limit unit must be Second, Minute or Hour", ptr + "/rateLimit/unit");
          };
      int n = r.path("requestsPerUnit").asInt(0);
      if (n < 1) {
        throw error(
            "rateLimit.requestsPerUnit must be at least 1", ptr + "/rateLimit/requestsPerUnit");
      }
      rate = Optional.of(new RateLimit(unit, n));
    }
    return new TriggerSpec(name, kind, deps, resource, params, rate, tpl);
  }

  private List<String> conditions(JsonNode tpl, String tp, List<String> depNames) {
    Optional<String> cond = text(tpl, "conditions");
    if (cond.isEmpty()) {
      // Argo's default: the trigger waits for all dependencies (the engine's Conditions.allOf).
      return depNames;
    }
    try {
      return Conditions.parse(cond.get(), depNames).dependencies();
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage(), tp + "/conditions");
    }
  }

  private Parameter parameter(JsonNode p, String ptr, List<String> depNames) {
    JsonNode src = p.path("src");
    if (!src.isObject()) {
      throw error("a parameter needs a src object", ptr + "/src");
    }
    String dep = required(src, "dependencyName", ptr + "/src");
    if (!depNames.contains(dep)) {
      throw error(
          "unknown dependency '" + dep + "' (known: " + depNames + ")",
          ptr + "/src/dependencyName");
    }
    ParameterSource ps =
        new ParameterSource(
            dep,
            text(src, "dataKey"),
            text(src, "dataTemplate"),
            text(src, "contextKey"),
            text(src, "contextTemplate"),
            src.has("value") && !src.get("value").isNull()
                ? Optional.of(src.get("value").asText())
                : Optional.empty(),
            src.path("useRawData").asBoolean(false));
    if (ps.dataKey().isEmpty()
        && ps.dataTemplate().isEmpty()
        && ps.contextKey().isEmpty()
        && ps.contextTemplate().isEmpty()
        && ps.value().isEmpty()) {
      throw error(
          "a parameter needs a dataKey, dataTemplate, contextKey, contextTemplate or value (ours"
              + " never injects the whole event silently)",
          ptr + "/src");
    }
    String op = p.path("operation").asText("overwrite");
    Parameter.Operation operation =
        switch (op.isEmpty() ? "overwrite" : op) {
          case "overwrite" -> Parameter.Operation.OVERWRITE;
          case "append" -> Parameter.Operation.APPEND;
          case "prepend" -> Parameter.Operation.PREPEND;
          default ->
              throw error(
                  "operation must be overwrite, append or prepend, found " + op,
                  ptr + "/operation");
        };
    return new Parameter(ps, required(p, "dest", ptr), operation);
  }

  private LogicalOperator operator(JsonNode n, String field, String ptr) {
    String v = n.path(field).asText("and");
    return switch (v.isEmpty() ? "and" : v.toLowerCase(Locale.ROOT)) {
      case "and" -> LogicalOperator.AND;
      case "or" -> LogicalOperator.OR;
      default -> throw error(field + " must be and or or, found " + v, ptr + "/" + field);
    };
  }

  private LocalTime timeOfDay(String v, String ptr) {
    try {
      return LocalTime.parse(v.length() == 5 ? v + ":00" : v);
    } catch (DateTimeParseException e) {
      throw error("time must be HH:MM:SS, found " + v, ptr);
    }
  }

  private String required(JsonNode n, String field, String ptr) {
    JsonNode v = n.path(field);
    if (!v.isValueNode() || v.asText().isEmpty()) {
      throw error("missing required field " + field, ptr + "/" + field);
    }
    return v.asText();
  }

  private static Optional<String> text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isValueNode() && !v.isNull() && !v.asText().isEmpty()
        ? Optional.of(v.asText())
        : Optional.empty();
  }

  private SensorSpecException error(String message, String pointer) {
    return new SensorSpecException(message, location, pointer, null);
  }
}
