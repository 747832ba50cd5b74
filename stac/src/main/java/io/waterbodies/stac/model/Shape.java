package io.waterbodies.stac.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.geo.Bbox;
import io.waterbodies.core.json.JsonPointers;
import io.waterbodies.core.time.DatetimeInterval;
import io.waterbodies.stac.StacFormatException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Checks of JSON shapes while building the model; failures name the JSON pointer. */
final class Shape {
  private Shape() {}

  static StacFormatException error(String pointer, String message) {
    return new StacFormatException(message, null, pointer, null);
  }

  static String describe(JsonNode n) {
    JsonNodeType t = n.getNodeType();
    return switch (t) {
      case OBJECT -> "an object";
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> t.name().toLowerCase(Locale.ROOT);
    };
  }

  static ObjectNode object(JsonNode n, String pointer, String what) {
    if (n == null || !n.isObject()) {
      throw error(
          pointer, what + " must be a JSON object, found " + (n == null ? "nothing" : describe(n)));
    }
    return (ObjectNode) n;
  }

  static String requiredString(ObjectNode o, String name, String pointer) {
    JsonNode v = o.get(name);
    String p = JsonPointers.child(pointer, name);
    if (v == null || v.isNull()) {
      throw error(p, "required field '" + name + "' is missing");
    }
    if (!v.isTextual()) {
      throw error(p, "'" + name + "' must be a string, found " + describe(v));
    }
    return v.textValue();
  }

  static void optionalString(ObjectNode o, String name, String pointer) {
    JsonNode v = o.get(name);
    if (v != null && !v.isNull() && !v.isTextual()) {
      throw error(
          JsonPointers.child(pointer, name),
          "'" + name + "' must be a string, found " + describe(v));
    }
  }

  static Optional<ObjectNode> optionalObject(ObjectNode o, String name, String pointer) {
    JsonNode v = o.get(name);
    if (v == null) {
      return Optional.empty();
    }
    return Optional.of(object(v, JsonPointers.child(pointer, name), "'" + name + "'"));
  }

  static Optional<ArrayNode> optionalArray(ObjectNode o, String name, String pointer) {
    JsonNode v = o.get(name);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.isArray()) {
      throw error(
          JsonPointers.child(pointer, name),
          "'" + name + "' must be an array, found " + describe(v));
    }
    return Optional.of((ArrayNode) v);
  }

  static List<String> stringList(ObjectNode o, String name, String pointer) {
    Optional<ArrayNode> a = optionalArray(o, name, pointer);
    if (a.isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < a.get().size(); i++) {
      JsonNode v = a.get().get(i);
      if (!v.isTextual()) {
        throw error(
            JsonPointers.child(JsonPointers.child(pointer, name), i),
            "'" + name + "' must hold strings, found " + describe(v));
      }
      out.add(v.textValue());
    }
    return Collections.unmodifiableList(out);
  }

  /** Checks an optional RFC 3339 timestamp field (null allowed). */
  static Optional<Instant> optionalTimestamp(ObjectNode o, String name, String pointer) {
    JsonNode v = o.get(name);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    String p = JsonPointers.child(pointer, name);
    if (!v.isTextual()) {
      throw error(p, "'" + name + "' must be an RFC 3339 date-time string, found " + describe(v));
    }
    try {
      return Optional.of(DatetimeInterval.Rfc3339.parse(v.textValue()));
    } catch (DateTimeParseException e) {
      throw error(
          p,
          "'"
              + name
              + "' is not a valid RFC 3339 date-time: '"
              + v.textValue()
              + "' (expected e.g. 2020-01-01T00:00:00Z)");
    }
  }

  /** Checks a bbox array: 4 or 6 numbers. */
  static void bbox(JsonNode v, String pointer) {
    if (!v.isArray()) {
      throw error(pointer, "bbox must be an array of 4 or 6 numbers, found " + describe(v));
    }
    if (v.size() != 4 && v.size() != 6) {
      throw error(pointer, "bbox must have 4 or 6 numbers, found " + v.size());
    }
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isNumber()) {
        throw error(
            JsonPointers.child(pointer, i),
            "bbox values must be numbers, found " + describe(v.get(i)));
      }
    }
  }

  /** A checked bbox array as a {@link Bbox}, or a format error naming the pointer. */
  static Bbox toBbox(JsonNode a, String pointer) {
    double[] v = new double[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = a.get(i).doubleValue();
    }
    try {
      return Bbox.of(v);
    } catch (IllegalArgumentException e) {
      throw error(pointer, "invalid bbox: " + e.getMessage());
    }
  }

  static List<JsonNode> elements(ArrayNode a) {
    List<JsonNode> out = new ArrayList<>(a.size());
    a.forEach(out::add);
    return out;
  }
}
