package io.waterbodies.events.sensor.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.argo.model.Sensor;
import io.waterbodies.argo.model.SensorDependency;
import io.waterbodies.argo.model.SensorTrigger;
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
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a {@link SensorSpec} from the typed Argo model ({@link Sensor}): the one Sensor model of
 * the SDK. Structural problems are reported with the manifest location and JSON pointer.
 */
public final class SensorModelReader {
  private static final Set<String> CONTEXT_KEYS =
      Set.of("type", "subject", "source", "datacontenttype", "id", "specversion", "time");
  private static final Set<String> TEMPLATE_KEYS = Set.of("name", "conditions", "conditionsReset");
  private static final Set<String> TRIGGER_KEYS =
      Set.of(
          "template",
          "parameters",
          "policy",
          "retryStrategy",
          "rateLimit",
          "atLeastOnce",
          "dlqTrigger");
  private static final Set<String> SOURCE_KEYS =
      Set.of("resource", "s3", "git", "configmap", "file", "url", "inline");
  private static final Map<String, Set<String>> SOURCE_FIELDS =
      Map.of("url", Set.of("path", "verifyCert"), "file", Set.of("path"));

  private final String location;
  private final List<SensorSpecException> problems;

  private SensorModelReader(String location, List<SensorSpecException> problems) {
    this.location = location;
    this.problems = problems;
  }

  /**
   * Reads the sensor part of {@code sensor}.
   *
   * @throws SensorSpecException at the first problem
   */
  public static SensorSpec read(Sensor sensor, String location) {
    return new SensorModelReader(location, null).sensor(sensor);
  }

  /**
   * Reads what can be read, adding a problem per dependency or trigger that cannot be read to
   * {@code problems} (for a report of every problem at once); the spec holds the others.
   */
  public static Collected readCollecting(
      Sensor sensor, String location, List<SensorSpecException> problems) {
    SensorModelReader r = new SensorModelReader(location, problems);
    SensorSpec spec = r.sensor(sensor);
    return new Collected(spec, List.copyOf(r.depIndexes), List.copyOf(r.triggerIndexes));
  }

  /**
   * What {@link #readCollecting} could read, with the manifest index of each dependency and trigger
   * of the spec (those that could not be read are left out).
   *
   * @param spec the readable part
   * @param dependencyIndexes the manifest index of each of the spec's dependencies
   * @param triggerIndexes the manifest index of each of the spec's triggers
   */
  public record Collected(
      SensorSpec spec, List<Integer> dependencyIndexes, List<Integer> triggerIndexes) {}

  private final List<Integer> depIndexes = new ArrayList<>();
  private final List<Integer> triggerIndexes = new ArrayList<>();

  private <T> void collect(
      List<T> out, List<Integer> indexes, int index, java.util.function.Supplier<T> read) {
    if (problems == null) {
      out.add(read.get());
      indexes.add(index);
      return;
    }
    try {
      out.add(read.get());
      indexes.add(index);
    } catch (SensorSpecException e) {
      problems.add(e);
    }
  }

  private SensorSpec sensor(Sensor sensor) {
    String name = sensor.name().orElse("sensor");
    List<SensorDependency> deps = sensor.dependencies();
    if (deps.isEmpty()) {
      throw error("spec.dependencies must list at least one dependency", "/spec/dependencies");
    }
    List<Dependency> dependencies = new ArrayList<>();
    for (int i = 0; i < deps.size(); i++) {
      JsonNode d = deps.get(i).toJson();
      String ptr = "/spec/dependencies/" + i;
      collect(dependencies, depIndexes, i, () -> dependency(d, ptr));
    }
    List<String> depNames =
        deps.stream().map(SensorDependency::name).filter(n -> !n.isEmpty()).toList();
    if (Set.copyOf(depNames).size() != depNames.size()) {
      throw error("dependency names must be unique: " + depNames, "/spec/dependencies");
    }
    List<SensorTrigger> trigs = sensor.triggers();
    if (trigs.isEmpty()) {
      throw error("spec.triggers must list at least one trigger", "/spec/triggers");
    }
    List<TriggerSpec> triggers = new ArrayList<>();
    for (int i = 0; i < trigs.size(); i++) {
      JsonNode t = trigs.get(i).toJson();
      String ptr = "/spec/triggers/" + i;
      collect(triggers, triggerIndexes, i, () -> trigger(t, ptr, depNames));
    }
    return new SensorSpec(name, dependencies, triggers);
  }

  private Dependency dependency(JsonNode d, String ptr) {
    String name = required(d, "name", ptr);
    String source = required(d, "eventSourceName", ptr);
    String event = required(d, "eventName", ptr);
    JsonNode transform = d.path("transform");
    Optional<String> jq = text(transform, "jq");
    Optional<String> script = text(transform, "script");
    Filters filters =
        d.path("filters").isObject() ? filters(d.get("filters"), ptr + "/filters") : Filters.none();
    LogicalOperator op = operator(d, "filtersLogicalOperator", ptr);
    return new Dependency(name, source, event, jq, script, filters, op);
  }

  private Filters filters(JsonNode f, String ptr) {
    List<DataFilter> data = new ArrayList<>();
    JsonNode dn = f.path("data");
    for (int i = 0; i < dn.size(); i++) {
      JsonNode df = dn.get(i);
      String p = ptr + "/data/" + i;
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
              text(df, "comparator").orElse("="),
              text(df, "template")));
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
      for (var e : f.get("context").properties()) {
        if (!CONTEXT_KEYS.contains(e.getKey())) {
          throw error(
              "unknown context attribute '"
                  + e.getKey()
                  + "' (expected one of "
                  + CONTEXT_KEYS
                  + ")",
              ptr + "/context/" + e.getKey());
        }
        // Argo compares type, subject, source and datacontenttype when non-empty
        if (Set.of("type", "subject", "source", "datacontenttype").contains(e.getKey())
            && !e.getValue().asText().isEmpty()) {
          attrs.put(e.getKey(), e.getValue().asText());
        }
      }
      context = Optional.of(new ContextFilter(attrs));
    }
    Optional<TimeFilter> time = Optional.empty();
    if (f.path("time").isObject()) {
      JsonNode t = f.get("time");
      ZoneId zone = ZoneOffset.UTC;
      Optional<String> tz = text(t, "timezone");
      if (tz.isPresent()) {
        try {
          zone = ZoneId.of(tz.get());
        } catch (DateTimeException e) {
          throw error("unknown time zone '" + tz.get() + "'", ptr + "/time/timezone");
        }
      }
      time =
          Optional.of(
              new TimeFilter(
                  timeOfDay(required(t, "start", ptr + "/time"), ptr + "/time/start"),
                  timeOfDay(required(t, "stop", ptr + "/time"), ptr + "/time/stop"),
                  zone));
    }
    return new Filters(
        data,
        operator(f, "dataLogicalOperator", ptr),
        exprs,
        operator(f, "exprLogicalOperator", ptr),
        context,
        time,
        text(f, "script"));
  }

  private TriggerSpec trigger(JsonNode t, String ptr, List<String> depNames) {
    for (var e : t.properties()) {
      if (!TRIGGER_KEYS.contains(e.getKey())) {
        throw error("unknown trigger field '" + e.getKey() + "'", ptr + "/" + e.getKey());
      }
    }
    if (t.path("dlqTrigger").isObject()) {
      // the dead-letter trigger is a trigger of its own: it must read as one
      trigger(t.get("dlqTrigger"), ptr + "/dlqTrigger", depNames);
    }
    JsonNode tpl = t.path("template");
    String tp = ptr + "/template";
    if (!tpl.isObject()) {
      throw error("a trigger needs a template", tp);
    }
    String name = required(tpl, "name", tp);
    String kind = null;
    for (var e : tpl.properties()) {
      String k = e.getKey();
      if (TEMPLATE_KEYS.contains(k)) {
        continue;
      }
      if (!TriggerSpec.ARGO_KINDS.contains(k)) {
        String hint =
            TriggerSpec.ARGO_KINDS.stream()
                .filter(x -> x.equalsIgnoreCase(k))
                .findFirst()
                .map(x -> " (the trigger type is spelled '" + x + "')")
                .orElse(
                    Set.of("policy", "retryStrategy", "rateLimit", "atLeastOnce", "parameters")
                            .contains(k)
                        ? " ('" + k + "' belongs on the trigger, not its template)"
                        : " (trigger types: " + TriggerSpec.ARGO_KINDS + ")");
        throw error("unknown trigger template field '" + k + "'" + hint, tp + "/" + k);
      }
      if (kind != null) {
        throw error(
            "a trigger template declares one trigger type, found " + kind + " and " + k, tp);
      }
      kind = k;
    }
    if (kind == null) {
      throw error("the trigger template declares no trigger type " + TriggerSpec.ARGO_KINDS, tp);
    }
    JsonNode body = tpl.get(kind);
    String kp = tp + "/" + kind;
    Optional<String> conditions = text(tpl, "conditions");
    List<String> deps =
        conditions.isPresent() ? conditionDeps(conditions.get(), depNames, tp) : depNames;
    List<TriggerSpec.ConditionsReset> resets = new ArrayList<>();
    JsonNode rn = tpl.path("conditionsReset");
    for (int i = 0; i < rn.size(); i++) {
      JsonNode by = rn.get(i).path("byTime");
      String rp = tp + "/conditionsReset/" + i + "/byTime";
      String cron = required(by, "cron", rp);
      CronSchedule.parse(cron, location, rp + "/cron");
      String tz = text(by, "timezone").orElse("UTC");
      try {
        ZoneId.of(tz);
      } catch (DateTimeException e) {
        throw error("unknown time zone '" + tz + "'", rp + "/timezone");
      }
      resets.add(new TriggerSpec.ConditionsReset(cron, tz));
    }
    ObjectNode resource = Json.object();
    Optional<String> sourceKind = Optional.empty();
    if (kind.equals("k8s") || kind.equals("argoWorkflow")) {
      JsonNode src = body.path("source");
      for (var e : src.properties()) {
        if (!SOURCE_KEYS.contains(e.getKey())) {
          throw error(
              "unknown resource source '" + e.getKey() + "' (expected one of " + SOURCE_KEYS + ")",
              kp + "/source/" + e.getKey());
        }
        sourceKind = Optional.of(e.getKey());
        Set<String> allowed = SOURCE_FIELDS.get(e.getKey());
        if (allowed != null) {
          for (var f : e.getValue().properties()) {
            if (!allowed.contains(f.getKey())) {
              throw error(
                  "unknown field '"
                      + f.getKey()
                      + "' of the "
                      + e.getKey()
                      + " source (fields: "
                      + allowed
                      + ")",
                  kp + "/source/" + e.getKey() + "/" + f.getKey());
            }
          }
        }
      }
      if (src.path("resource").isObject()) {
        resource = (ObjectNode) src.get("resource").deepCopy();
      } else if (src.path("inline").isTextual()) {
        // Argo decodes an inline source as the YAML (or JSON) text of the resource
        JsonNode inline;
        try {
          inline = io.waterbodies.core.json.Yaml.mapper().readTree(src.get("inline").asText());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw error(
              "the inline resource is not YAML or JSON: " + e.getOriginalMessage(),
              kp + "/source/inline");
        }
        if (inline == null || !inline.isObject()) {
          throw error("the inline resource must be an object", kp + "/source/inline");
        }
        resource = (ObjectNode) Json.parse(Json.write(inline, false), location);
      }
    } else if (body.isObject()) {
      resource = (ObjectNode) body.deepCopy();
    }
    List<Parameter> params = parameters(body.path("parameters"), kp + "/parameters", depNames);
    List<Parameter> payload = parameters(body.path("payload"), kp + "/payload", depNames);
    List<Parameter> tplParams = parameters(t.path("parameters"), ptr + "/parameters", depNames);
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
    return new TriggerSpec(
        name,
        kind,
        deps,
        conditions,
        resets,
        resource,
        params,
        payload,
        tplParams,
        sourceKind,
        rate,
        tpl);
  }

  private List<String> conditionDeps(String cond, List<String> depNames, String tp) {
    try {
      return TriggerConditions.compile(cond, depNames).dependencies();
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage(), tp + "/conditions");
    }
  }

  private List<Parameter> parameters(JsonNode list, String ptr, List<String> depNames) {
    List<Parameter> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      out.add(parameter(list.get(i), ptr + "/" + i, depNames));
    }
    return out;
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
    return new Parameter(ps, p.path("dest").asText(""), operation);
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
      throw error("time must be HH:MM or HH:MM:SS, found " + v, ptr);
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
