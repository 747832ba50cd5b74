package io.waterbodies.argo.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Small helpers over Jackson trees shared by the typed views; not public API. */
public final class Trees {
  private Trees() {}

  /** The text at a path of object fields, if present and textual or numeric. */
  public static Optional<String> text(JsonNode node, String... path) {
    JsonNode n = at(node, path);
    return n.isValueNode() && !n.isNull() ? Optional.of(n.asText()) : Optional.empty();
  }

  /** The node at a path of object fields, or a missing node. */
  public static JsonNode at(JsonNode node, String... path) {
    JsonNode n = node;
    for (String p : path) {
      n = n == null ? null : n.get(p);
      if (n == null) {
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
      }
    }
    return n;
  }

  /** The object at a path, created on the way when missing. */
  public static ObjectNode obj(ObjectNode node, String... path) {
    ObjectNode n = node;
    for (String p : path) {
      JsonNode c = n.get(p);
      if (!(c instanceof ObjectNode)) {
        c = n.putObject(p);
      }
      n = (ObjectNode) c;
    }
    return n;
  }

  /** The array at a path, created when missing. */
  public static ArrayNode arr(ObjectNode node, String field, String... parents) {
    ObjectNode parent = obj(node, parents);
    JsonNode c = parent.get(field);
    if (!(c instanceof ArrayNode)) {
      c = parent.putArray(field);
    }
    return (ArrayNode) c;
  }

  /** Maps each object element of an array to a view. */
  public static <T> List<T> list(JsonNode array, Function<ObjectNode, T> view) {
    List<T> out = new ArrayList<>();
    if (array != null && array.isArray()) {
      for (JsonNode e : array) {
        if (e instanceof ObjectNode o) {
          out.add(view.apply(o));
        }
      }
    }
    return List.copyOf(out);
  }

  /** A new empty object node from the shared mapper. */
  public static ObjectNode object() {
    return Json.object();
  }

  /** Converts a Java value (records, maps, lists, strings) to a tree. */
  public static JsonNode tree(Object value) {
    return Json.mapper().valueToTree(value);
  }
}
