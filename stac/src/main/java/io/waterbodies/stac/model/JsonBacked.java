package io.waterbodies.stac.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.json.JsonPointers;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Base of every model type: the object's JSON is the source of truth, so that fields this SDK does
 * not know (extensions, vendor fields) survive a round trip untouched and in order. The node is
 * owned by this object and never handed out without a copy; typed accessors read from it.
 */
abstract class JsonBacked implements FieldSource, JsonSerializable {
  final ObjectNode node;
  final String pointer;

  JsonBacked(ObjectNode node, String pointer) {
    this.node = node;
    this.pointer = pointer;
  }

  /** The fields with a typed accessor; everything else is returned by {@link #extraFields()}. */
  abstract Set<String> knownFields();

  /** The JSON object, a deep copy: changing it does not change this object. */
  public ObjectNode toJson() {
    return node.deepCopy();
  }

  /**
   * Writes this object's JSON to a Jackson generator without copying it, so model objects can be
   * written by any {@code ObjectMapper} (and embedded in other serialised objects).
   */
  @Override
  public void serialize(JsonGenerator gen, SerializerProvider serializers) throws IOException {
    node.serialize(gen, serializers);
  }

  /** As {@link #serialize}; STAC documents carry no Jackson type ids. */
  @Override
  public void serializeWithType(
      JsonGenerator gen, SerializerProvider serializers, TypeSerializer typeSer)
      throws IOException {
    node.serialize(gen, serializers);
  }

  @Override
  public Optional<JsonNode> field(String name) {
    JsonNode v = node.get(name);
    return v == null ? Optional.empty() : Optional.of(v.deepCopy());
  }

  @Override
  public List<Band> bandsIn(String field) {
    return Asset.bandList(node, field, pointer);
  }

  @Override
  public String pointer() {
    return pointer;
  }

  /** Fields without a typed accessor (extension and vendor fields), in document order, copied. */
  public Map<String, JsonNode> extraFields() {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    Set<String> known = knownFields();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!known.contains(e.getKey())) {
        out.put(e.getKey(), e.getValue().deepCopy());
      }
    }
    return Collections.unmodifiableMap(out);
  }

  Optional<String> string(String name) {
    JsonNode v = node.get(name);
    return v != null && v.isTextual() ? Optional.of(v.textValue()) : Optional.empty();
  }

  String child(String name) {
    return JsonPointers.child(pointer, name);
  }

  @Override
  public boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && ((JsonBacked) o).node.equals(node);
  }

  @Override
  public int hashCode() {
    return node.hashCode();
  }

  /** The compact JSON of this object. */
  @Override
  public String toString() {
    return Json.write(node, false);
  }
}
