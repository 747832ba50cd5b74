package io.waterbodies.stac.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.JsonPointers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Parsing of the parts every document type shares. */
final class Parts {
  private Parts() {}

  static void requireType(ObjectNode o, String expected, String pointer) {
    JsonNode t = o.get("type");
    String p = JsonPointers.child(pointer, "type");
    if (t == null || t.isNull()) {
      throw Shape.error(p, "required field 'type' is missing (expected '" + expected + "')");
    }
    if (!t.isTextual() || !t.textValue().equals(expected)) {
      throw Shape.error(
          p,
          "'type' must be '"
              + expected
              + "', found "
              + (t.isTextual() ? "'" + t.textValue() + "'" : Shape.describe(t)));
    }
  }

  /** Checks id, type, stac_version and stac_extensions of a Catalog, Collection or Item. */
  static void object(ObjectNode o, String type, String pointer) {
    // Catalogs and Collections before STAC 1.0.0 had no 'type'; real APIs still serve some.
    boolean untypedOk = !type.equals(Item.TYPE) && o.get("type") == null && isPre10(o);
    if (!untypedOk) {
      requireType(o, type, pointer);
    }
    Shape.requiredString(o, "stac_version", pointer);
    Shape.requiredString(o, "id", pointer);
    Shape.stringList(o, "stac_extensions", pointer);
  }

  /** True for STAC versions before 1.0.0: 0.x and the 1.0.0 betas and release candidates. */
  static boolean isPre10(ObjectNode o) {
    JsonNode v = o.get("stac_version");
    return v != null
        && v.isTextual()
        && (v.textValue().startsWith("0.") || v.textValue().startsWith("1.0.0-"));
  }

  static List<Link> links(ObjectNode o, String pointer) {
    Optional<ArrayNode> a = Shape.optionalArray(o, "links", pointer);
    if (a.isEmpty()) {
      return List.of();
    }
    String p = JsonPointers.child(pointer, "links");
    List<Link> out = new ArrayList<>(a.get().size());
    for (int i = 0; i < a.get().size(); i++) {
      out.add(Link.parse(a.get().get(i), JsonPointers.child(p, i)));
    }
    return Collections.unmodifiableList(out);
  }

  static Map<String, Asset> assets(ObjectNode o, String name, String pointer) {
    Optional<ObjectNode> a = Shape.optionalObject(o, name, pointer);
    if (a.isEmpty()) {
      return Map.of();
    }
    String p = JsonPointers.child(pointer, name);
    Map<String, Asset> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : a.get().properties()) {
      out.put(e.getKey(), Asset.parse(e.getValue(), JsonPointers.child(p, e.getKey())));
    }
    return Collections.unmodifiableMap(out);
  }
}
