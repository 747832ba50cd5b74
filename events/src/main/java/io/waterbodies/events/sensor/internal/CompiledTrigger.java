package io.waterbodies.events.sensor.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.waterbodies.events.envelope.Envelope;
import io.waterbodies.events.sensor.Parameter;
import io.waterbodies.events.sensor.ParameterSource;
import io.waterbodies.events.sensor.SensorSpecException;
import io.waterbodies.events.sensor.TriggerException;
import io.waterbodies.events.sensor.TriggerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A trigger's parameter mapping, compiled: resolves each parameter from the events and writes it
 * into a copy of the trigger's resource. Strict: a missing key without a default fails loudly.
 */
public final class CompiledTrigger {
  private final TriggerSpec spec;
  private final List<Compiled> params = new ArrayList<>();

  private record Compiled(
      int index,
      Parameter p,
      Optional<GjsonPath> dataKey,
      Optional<GoTemplate> dataTemplate,
      Optional<GjsonPath> contextKey,
      Optional<GoTemplate> contextTemplate,
      GjsonPath dest) {}

  private CompiledTrigger(TriggerSpec spec) {
    this.spec = spec;
  }

  /** The trigger as written. */
  public TriggerSpec spec() {
    return spec;
  }

  /**
   * Compiles the parameters.
   *
   * @param ptr the pointer of the trigger's parameter list, for messages
   */
  public static CompiledTrigger compile(TriggerSpec t, String location, String ptr) {
    CompiledTrigger c = new CompiledTrigger(t);
    for (int i = 0; i < t.parameters().size(); i++) {
      Parameter p = t.parameters().get(i);
      String pp = ptr + "/" + i;
      ParameterSource s = p.src();
      c.params.add(
          new Compiled(
              i,
              p,
              s.dataKey().map(k -> CompiledDependency.path(k, location, pp + "/src/dataKey")),
              s.dataTemplate().map(k -> template(k, location, pp + "/src/dataTemplate")),
              s.contextKey().map(k -> CompiledDependency.path(k, location, pp + "/src/contextKey")),
              s.contextTemplate().map(k -> template(k, location, pp + "/src/contextTemplate")),
              CompiledDependency.path(p.dest(), location, pp + "/dest")));
    }
    return c;
  }

  private static GoTemplate template(String t, String location, String ptr) {
    try {
      return GoTemplate.parse(t);
    } catch (IllegalArgumentException e) {
      throw new SensorSpecException(e.getMessage(), location, ptr, e);
    }
  }

  /**
   * A copy of the resource with every parameter applied.
   *
   * @param events the (transformed) event of each dependency that fired
   * @throws TriggerException (permanent) when a value cannot be resolved or written
   */
  public ObjectNode resolve(Map<String, Envelope> events) {
    ObjectNode resource = spec.resource().deepCopy();
    for (Compiled c : params) {
      ParameterSource s = c.p().src();
      Envelope e = events.get(s.dependencyName());
      if (e == null) {
        // Another dependency fired this trigger (conditions a || b): the default applies.
        if (s.value().isPresent()) {
          write(resource, c, TextNode.valueOf(s.value().get()));
          continue;
        }
        throw TriggerException.permanent(
            where(c) + "dependency '" + s.dependencyName() + "' has no event and no default value");
      }
      write(resource, c, value(c, e));
    }
    return resource;
  }

  private JsonNode value(Compiled c, Envelope e) {
    ParameterSource s = c.p().src();
    String what;
    try {
      if (c.contextKey().isPresent()) {
        what = "contextKey '" + c.contextKey().get() + "'";
        Optional<JsonNode> v = c.contextKey().get().get(e.context());
        if (v.isPresent()) {
          return node(v.get(), s.useRawData());
        }
      } else if (c.contextTemplate().isPresent()) {
        what = "contextTemplate";
        return TextNode.valueOf(c.contextTemplate().get().render(e.context()));
      } else if (c.dataTemplate().isPresent()) {
        what = "dataTemplate";
        return TextNode.valueOf(c.dataTemplate().get().render(e.data()));
      } else if (c.dataKey().isPresent()) {
        what = "dataKey '" + c.dataKey().get() + "'";
        Optional<JsonNode> v = c.dataKey().get().get(e.data());
        if (v.isPresent()) {
          return node(v.get(), s.useRawData());
        }
      } else {
        return TextNode.valueOf(s.value().orElseThrow());
      }
    } catch (IllegalArgumentException ex) {
      what = ex.getMessage();
    }
    if (s.value().isPresent()) {
      return TextNode.valueOf(s.value().get());
    }
    throw TriggerException.permanent(
        where(c)
            + what
            + " not found in the event of dependency '"
            + s.dependencyName()
            + "' (event "
            + e.id()
            + ") and no default value is given");
  }

  private static JsonNode node(JsonNode v, boolean raw) {
    if (raw) {
      return v.deepCopy();
    }
    if (v.isTextual()) {
      return v;
    }
    return TextNode.valueOf(
        v.isNumber()
            ? v.decimalValue().toPlainString()
            : v.isValueNode() ? v.asText() : v.toString());
  }

  private void write(ObjectNode resource, Compiled c, JsonNode value) {
    JsonNode toWrite = value;
    if (c.p().operation() != Parameter.Operation.OVERWRITE) {
      Optional<JsonNode> existing = c.dest().get(resource);
      String old = existing.map(x -> x.isValueNode() ? x.asText() : x.toString()).orElse("");
      String add = value.isValueNode() ? value.asText() : value.toString();
      toWrite =
          TextNode.valueOf(c.p().operation() == Parameter.Operation.APPEND ? old + add : add + old);
    }
    try {
      c.dest().set(resource, toWrite);
    } catch (IllegalArgumentException ex) {
      throw TriggerException.permanent(where(c) + ex.getMessage());
    }
  }

  private String where(Compiled c) {
    return "trigger '"
        + spec.name()
        + "' parameter "
        + c.index()
        + " (dest "
        + c.p().dest()
        + "): ";
  }
}
