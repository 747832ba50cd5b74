package io.waterbodies.stac.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.json.JsonPointers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The STAC common metadata fields, readable wherever they may appear (Item properties, Assets,
 * Bands): date and time, licensing, provider, instrument and basic descriptive fields. A value of
 * the wrong form raises {@link io.waterbodies.stac.StacFormatException} naming its pointer.
 */
public interface CommonMetadata extends FieldSource {

  /** A short descriptive title. */
  default Optional<String> title() {
    return textField(this, "title");
  }

  /** A detailed description (CommonMark). */
  default Optional<String> description() {
    return textField(this, "description");
  }

  /** The nominal acquisition time; empty when null or absent (an interval is then given). */
  default Optional<Instant> datetime() {
    return timestamp(this, "datetime");
  }

  /** The first instant of the acquisition interval. */
  default Optional<Instant> startDatetime() {
    return timestamp(this, "start_datetime");
  }

  /** The last instant of the acquisition interval. */
  default Optional<Instant> endDatetime() {
    return timestamp(this, "end_datetime");
  }

  /** When the metadata was created. */
  default Optional<Instant> created() {
    return timestamp(this, "created");
  }

  /** When the metadata was last updated. */
  default Optional<Instant> updated() {
    return timestamp(this, "updated");
  }

  /** The license: an SPDX identifier, or {@code other}. */
  default Optional<String> license() {
    return textField(this, "license");
  }

  /** The providers of the data. */
  default List<Provider> providers() {
    Optional<JsonNode> v = field("providers");
    if (v.isEmpty() || v.get().isNull()) {
      return List.of();
    }
    String p = JsonPointers.child(pointer(), "providers");
    if (!v.get().isArray()) {
      throw Shape.error(p, "'providers' must be an array, found " + Shape.describe(v.get()));
    }
    List<Provider> out = new ArrayList<>();
    for (int i = 0; i < v.get().size(); i++) {
      out.add(Provider.parse(v.get().get(i), JsonPointers.child(p, i)));
    }
    return List.copyOf(out);
  }

  /** The platform (satellite), e.g. {@code sentinel-2a}. */
  default Optional<String> platform() {
    return textField(this, "platform");
  }

  /** The instruments, e.g. {@code msi}. */
  default List<String> instruments() {
    Optional<JsonNode> v = field("instruments");
    if (v.isEmpty() || v.get().isNull()) {
      return List.of();
    }
    ObjectNode holder = Json.object();
    holder.set("instruments", v.get());
    return Shape.stringList(holder, "instruments", pointer());
  }

  /** The constellation, e.g. {@code sentinel-2}. */
  default Optional<String> constellation() {
    return textField(this, "constellation");
  }

  /** The mission. */
  default Optional<String> mission() {
    return textField(this, "mission");
  }

  /** The ground sample distance, in metres. */
  default OptionalDouble gsd() {
    return numberField(this, "gsd");
  }

  /** A text field, or a format error naming its pointer when it is not a string. */
  static Optional<String> textField(FieldSource source, String name) {
    Optional<JsonNode> v = source.field(name);
    if (v.isEmpty() || v.get().isNull()) {
      return Optional.empty();
    }
    if (!v.get().isTextual()) {
      throw Shape.error(
          JsonPointers.child(source.pointer(), name),
          "'" + name + "' must be a string, found " + Shape.describe(v.get()));
    }
    return Optional.of(v.get().textValue());
  }

  /** A number field, or a format error naming its pointer when it is not a number. */
  static OptionalDouble numberField(FieldSource source, String name) {
    Optional<JsonNode> v = source.field(name);
    if (v.isEmpty() || v.get().isNull()) {
      return OptionalDouble.empty();
    }
    if (!v.get().isNumber()) {
      throw Shape.error(
          JsonPointers.child(source.pointer(), name),
          "'" + name + "' must be a number, found " + Shape.describe(v.get()));
    }
    return OptionalDouble.of(v.get().doubleValue());
  }

  /** An RFC 3339 timestamp field, or a format error naming its pointer. */
  static Optional<Instant> timestamp(FieldSource source, String name) {
    Optional<JsonNode> v = source.field(name);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode holder = Json.object();
    holder.set(name, v.get());
    return Shape.optionalTimestamp(holder, name, source.pointer());
  }
}
