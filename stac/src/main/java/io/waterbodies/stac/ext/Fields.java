package io.waterbodies.stac.ext;

import com.fasterxml.jackson.databind.JsonNode;
import io.waterbodies.core.json.JsonPointers;
import io.waterbodies.stac.StacFormatException;
import io.waterbodies.stac.model.Band;
import io.waterbodies.stac.model.FieldSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** Typed reads of extension fields; a value of the wrong form names its pointer. */
final class Fields {
  private Fields() {}

  static StacFormatException wrong(FieldSource s, String name, String expected, JsonNode v) {
    return new StacFormatException(
        "'"
            + name
            + "' must be "
            + expected
            + ", found "
            + v.getNodeType().name().toLowerCase(Locale.ROOT),
        null,
        JsonPointers.child(s.pointer(), name),
        null);
  }

  static OptionalDouble number(FieldSource s, String name) {
    Optional<JsonNode> v = s.field(name);
    if (v.isEmpty() || v.get().isNull()) {
      return OptionalDouble.empty();
    }
    if (!v.get().isNumber()) {
      throw wrong(s, name, "a number", v.get());
    }
    return OptionalDouble.of(v.get().doubleValue());
  }

  static OptionalLong integer(FieldSource s, String name) {
    Optional<JsonNode> v = s.field(name);
    if (v.isEmpty() || v.get().isNull()) {
      return OptionalLong.empty();
    }
    if (!v.get().isIntegralNumber()
        && !(v.get().isNumber() && v.get().decimalValue().stripTrailingZeros().scale() <= 0)) {
      throw wrong(s, name, "an integer", v.get());
    }
    return OptionalLong.of(v.get().longValue());
  }

  static Optional<String> text(FieldSource s, String name) {
    Optional<JsonNode> v = s.field(name);
    if (v.isEmpty() || v.get().isNull()) {
      return Optional.empty();
    }
    if (!v.get().isTextual()) {
      throw wrong(s, name, "a string", v.get());
    }
    return Optional.of(v.get().textValue());
  }

  static List<Double> numbers(FieldSource s, String name) {
    Optional<JsonNode> v = s.field(name);
    if (v.isEmpty() || v.get().isNull()) {
      return List.of();
    }
    if (!v.get().isArray()) {
      throw wrong(s, name, "an array of numbers", v.get());
    }
    List<Double> out = new ArrayList<>();
    for (JsonNode e : v.get()) {
      if (!e.isNumber()) {
        throw wrong(s, name, "an array of numbers", v.get());
      }
      out.add(e.doubleValue());
    }
    return List.copyOf(out);
  }

  static List<Band> bands(FieldSource s, String name) {
    Optional<JsonNode> v = s.field(name);
    if (v.isEmpty() || v.get().isNull()) {
      return List.of();
    }
    return s.bandsIn(name);
  }
}
