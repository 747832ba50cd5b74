package io.waterbodies.events.sensor.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.waterbodies.argo.expression.ExpressionException;
import io.waterbodies.core.json.Json;
import io.waterbodies.events.envelope.Envelope;
import io.waterbodies.events.sensor.Parameter;
import io.waterbodies.events.sensor.ParameterSource;
import io.waterbodies.events.sensor.SensorSpecException;
import io.waterbodies.events.sensor.TriggerException;
import io.waterbodies.events.sensor.TriggerSpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A trigger compiled: its conditions, conditions resets and parameter mappings. Parameters resolve
 * as Argo's {@code triggers/params.go} does: trigger-level parameters first, on the trigger's
 * template; then the kind's parameters on the resource; {@code payload} parameters build a JSON
 * body. Destinations are written with sjson's rules (missing objects and arrays are created).
 */
public final class CompiledTrigger {
  private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_INSTANT;

  private final TriggerSpec spec;
  private final Optional<TriggerConditions> conditions;
  private final List<Reset> resets = new ArrayList<>();
  private final List<Compiled> templateParams = new ArrayList<>();
  private final List<Compiled> params = new ArrayList<>();
  private final List<Compiled> payload = new ArrayList<>();

  private record Reset(CronSchedule cron, ZoneId zone) {}

  private record Compiled(
      String where,
      Parameter p,
      Optional<GjsonPath> dataKey,
      Optional<GoTemplate> dataTemplate,
      Optional<GjsonPath> contextKey,
      Optional<GoTemplate> contextTemplate,
      Optional<GjsonPath> dest) {}

  private CompiledTrigger(TriggerSpec spec, Optional<TriggerConditions> conditions) {
    this.spec = spec;
    this.conditions = conditions;
  }

  /** The trigger as written. */
  public TriggerSpec spec() {
    return spec;
  }

  /**
   * Compiles the trigger.
   *
   * @param ptr the pointer of the trigger's kind parameter list ({@code
   *     /spec/triggers/N/template/KIND/parameters}), for messages
   */
  public static CompiledTrigger compile(TriggerSpec t, String location, String ptr) {
    String trigger = ptr.replaceAll("/template/.*$", "");
    Optional<TriggerConditions> cond = Optional.empty();
    if (t.conditions().isPresent()) {
      try {
        cond = Optional.of(TriggerConditions.compile(t.conditions().get(), t.dependencies()));
      } catch (IllegalArgumentException e) {
        throw new SensorSpecException(
            e.getMessage(), location, trigger + "/template/conditions", e);
      }
    }
    CompiledTrigger c = new CompiledTrigger(t, cond);
    for (int i = 0; i < t.conditionsReset().size(); i++) {
      TriggerSpec.ConditionsReset r = t.conditionsReset().get(i);
      String rp = trigger + "/template/conditionsReset/" + i + "/byTime";
      c.resets.add(
          new Reset(CronSchedule.parse(r.cron(), location, rp + "/cron"), ZoneId.of(r.timezone())));
    }
    String kindPtr = trigger + "/template/" + t.kind();
    compileAll(t.templateParameters(), c.templateParams, location, trigger + "/parameters", true);
    compileAll(t.parameters(), c.params, location, kindPtr + "/parameters", true);
    compileAll(t.payload(), c.payload, location, kindPtr + "/payload", false);
    return c;
  }

  private static void compileAll(
      List<Parameter> list, List<Compiled> out, String location, String ptr, boolean destNeeded) {
    for (int i = 0; i < list.size(); i++) {
      Parameter p = list.get(i);
      String pp = ptr + "/" + i;
      ParameterSource s = p.src();
      Optional<GjsonPath> dest = Optional.empty();
      if (!p.dest().isEmpty()) {
        try {
          dest = Optional.of(GjsonPath.compile(p.dest()).requireWritable());
        } catch (IllegalArgumentException e) {
          throw new SensorSpecException(
              "invalid dest: " + e.getMessage(), location, pp + "/dest", e);
        }
      } else if (destNeeded) {
        throw new SensorSpecException("missing required field dest", location, pp + "/dest", null);
      }
      out.add(
          new Compiled(
              pp,
              p,
              s.dataKey().map(k -> CompiledDependency.path(k, location, pp + "/src/dataKey")),
              s.dataTemplate().map(k -> template(k, location, pp + "/src/dataTemplate")),
              s.contextKey().map(k -> CompiledDependency.path(k, location, pp + "/src/contextKey")),
              s.contextTemplate().map(k -> template(k, location, pp + "/src/contextTemplate")),
              dest));
    }
  }

  private static GoTemplate template(String t, String location, String ptr) {
    try {
      return GoTemplate.parse(t);
    } catch (IllegalArgumentException e) {
      throw new SensorSpecException(e.getMessage(), location, ptr, e);
    }
  }

  /** The dependencies this trigger needs: those its conditions name, or all of the sensor's. */
  public List<String> dependencies() {
    return spec.dependencies();
  }

  /**
   * Whether the dependencies that have events ({@code withEvents}) satisfy the trigger: its {@code
   * conditions}, or (Argo's default without conditions) every dependency.
   */
  public boolean satisfiedBy(Set<String> withEvents) {
    if (conditions.isPresent()) {
      try {
        return conditions.get().satisfiedBy(withEvents);
      } catch (ExpressionException e) {
        return false;
      }
    }
    return withEvents.containsAll(spec.dependencies());
  }

  /** Whether the trigger has {@code conditionsReset} schedules. */
  public boolean hasConditionsReset() {
    return !resets.isEmpty();
  }

  /** The next time after {@code after} at which collected events are dropped, if any. */
  public Optional<Instant> nextConditionsReset(Instant after) {
    return resets.stream()
        .map(r -> r.cron().next(after.atZone(r.zone())).toInstant())
        .min(Instant::compareTo);
  }

  /**
   * The trigger's template with the trigger-level parameters applied (Argo's {@code
   * ApplyTemplateParameters}).
   *
   * @throws TriggerException (permanent) when a value cannot be resolved or written
   */
  public ObjectNode resolveTemplate(Map<String, Envelope> events) {
    ObjectNode template = spec.template();
    apply(template, templateParams, events);
    return template;
  }

  /**
   * A copy of the resource with every parameter applied: trigger-level parameters on the template
   * first (the resource is then read from the updated template), then the kind's parameters.
   *
   * @param events the (transformed) event of each dependency that fired
   * @throws TriggerException (permanent) when a value cannot be resolved or written
   */
  public ObjectNode resolve(Map<String, Envelope> events) {
    ObjectNode resource = spec.resource().deepCopy();
    if (!templateParams.isEmpty()) {
      JsonNode body = resolveTemplate(events).path(spec.kind());
      boolean k8s = spec.kind().equals("k8s") || spec.kind().equals("argoWorkflow");
      JsonNode r = k8s ? body.path("source").path("resource") : body;
      resource = r.isObject() ? (ObjectNode) r.deepCopy() : Json.object();
    }
    apply(resource, params, events);
    return resource;
  }

  /**
   * The JSON body built by the kind's {@code payload} parameters (Argo's {@code ConstructPayload});
   * a parameter without {@code dest} is the whole payload.
   */
  public JsonNode payload(Map<String, Envelope> events) {
    ObjectNode body = Json.object();
    for (Compiled c : payload) {
      Optional<Value> v = value(c, events);
      if (v.isEmpty()) {
        continue;
      }
      if (c.dest().isEmpty()) {
        return TextNode.valueOf(v.get().text());
      }
      write(body, c, v.get());
    }
    return body;
  }

  /** A resolved value: its text and whether it is a JSON value other than a string. */
  private record Value(String text, boolean json) {}

  private void apply(ObjectNode target, List<Compiled> list, Map<String, Envelope> events) {
    for (Compiled c : list) {
      Optional<Value> v = value(c, events);
      if (v.isEmpty()) {
        continue; // the dependency has no event and no default: Argo skips the parameter
      }
      Value value = v.get();
      if (c.p().operation() != Parameter.Operation.OVERWRITE) {
        Optional<JsonNode> current = c.dest().get().get(target);
        if (current.isPresent()) {
          String cur = text(current.get());
          value =
              new Value(
                  c.p().operation() == Parameter.Operation.APPEND
                      ? cur + value.text()
                      : value.text() + cur,
                  false);
        }
      }
      write(target, c, value);
    }
  }

  private void write(ObjectNode target, Compiled c, Value v) {
    JsonNode node;
    if (v.json() && c.p().src().useRawData()) {
      node = Json.parse(v.text(), "parameter value");
    } else {
      node = TextNode.valueOf(v.text());
    }
    try {
      c.dest().get().set(target, node);
    } catch (IllegalArgumentException ex) {
      throw TriggerException.permanent(where(c) + ex.getMessage());
    }
  }

  /** Argo's ResolveParamValue. */
  private Optional<Value> value(Compiled c, Map<String, Envelope> events) {
    ParameterSource s = c.p().src();
    Envelope e = events.get(s.dependencyName());
    if (e == null) {
      return s.value().map(v -> new Value(v, false));
    }
    if (s.wholeEvent()) {
      return Optional.of(new Value(Json.write(wholeEvent(e), false), false));
    }
    if (c.dataKey().isEmpty()
        && c.dataTemplate().isEmpty()
        && c.contextKey().isEmpty()
        && c.contextTemplate().isEmpty()) {
      return s.value().map(v -> new Value(v, false));
    }
    boolean data = c.dataKey().isPresent() || c.dataTemplate().isPresent();
    JsonNode payload = data ? e.data() : e.context();
    Optional<GoTemplate> tpl = data ? c.dataTemplate() : c.contextTemplate();
    Optional<GjsonPath> key = data ? c.dataKey() : c.contextKey();
    String failure = "";
    if (tpl.isPresent()) {
      try {
        String out = tpl.get().render(payload);
        if (!out.isEmpty() && !out.equals("<no value>")) {
          return Optional.of(new Value(out, false));
        }
        failure = "template evaluated to empty string or no value";
      } catch (IllegalArgumentException ex) {
        failure = ex.getMessage();
      }
    }
    if (key.isPresent()) {
      Optional<JsonNode> v = key.get().get(payload);
      if (v.isPresent()) {
        JsonNode n = v.get();
        return Optional.of(new Value(text(n), !n.isTextual()));
      }
      failure = "key " + key.get() + " does not exist in the event payload";
    }
    if (s.value().isPresent()) {
      return Optional.of(new Value(s.value().get(), false));
    }
    throw TriggerException.permanent(
        where(c)
            + "unable to resolve '"
            + s.dependencyName()
            + "' parameter value (event "
            + e.id()
            + "): "
            + failure
            + ", and no default value is given");
  }

  /** gjson's String() of a value: raw JSON for objects and arrays, plain text otherwise. */
  private static String text(JsonNode n) {
    if (n.isTextual()) {
      return n.textValue();
    }
    if (n.isNumber()) {
      return n.isIntegralNumber()
          ? n.asText()
          : n.decimalValue().stripTrailingZeros().toPlainString();
    }
    return n.isValueNode() ? n.asText() : Json.write(n, false);
  }

  /**
   * The whole event as Argo marshals its {@code Event} struct: the context, and the data bytes in
   * base64 (Go's encoding of a byte slice).
   */
  static ObjectNode wholeEvent(Envelope e) {
    ObjectNode out = Json.object();
    ObjectNode ctx = out.putObject("context");
    ctx.put("id", e.id());
    ctx.put("source", e.source());
    ctx.put("specversion", "1.0");
    ctx.put("type", e.type());
    ctx.put("datacontenttype", e.dataContentType());
    ctx.put("subject", e.subject());
    ctx.put(
        "time",
        RFC3339.format(
            e.time()
                .withOffsetSameInstant(ZoneOffset.UTC)
                .toInstant()
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
    out.put(
        "data",
        Base64.getEncoder()
            .encodeToString(Json.write(e.data(), false).getBytes(StandardCharsets.UTF_8)));
    return out;
  }

  private String where(Compiled c) {
    return "trigger '"
        + spec.name()
        + "' parameter "
        + c.where()
        + " (dest "
        + c.p().dest()
        + "): ";
  }
}
