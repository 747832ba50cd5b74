package io.waterbodies.events.sensor.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The subset of GJSON paths Argo sensors use, for reading event data and for writing parameter
 * destinations: dotted keys, array indexes ({@code items.0}), {@code #} for an array's length or,
 * followed by more keys, to map over its elements ({@code items.#.id}), and {@code \.} for a dot
 * inside a key. Wildcards, queries, modifiers and pipes are rejected when compiled.
 */
public final class GjsonPath {
  private final String text;
  private final List<String> segments;

  private GjsonPath(String text, List<String> segments) {
    this.text = text;
    this.segments = segments;
  }

  /**
   * Compiles a path.
   *
   * @throws IllegalArgumentException naming what is unsupported or malformed
   */
  public static GjsonPath compile(String path) {
    if (path == null || path.isEmpty()) {
      throw new IllegalArgumentException("empty path");
    }
    List<String> segs = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean escapedInSegment = false;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '\\') {
        if (i + 1 >= path.length()) {
          throw new IllegalArgumentException("path '" + path + "' ends with a lone backslash");
        }
        cur.append(path.charAt(++i));
        escapedInSegment = true;
      } else if (c == '.') {
        segs.add(segment(path, cur.toString(), escapedInSegment));
        cur.setLength(0);
        escapedInSegment = false;
      } else if (c == '*' || c == '?' || c == '|') {
        throw new IllegalArgumentException(
            "path '" + path + "' uses '" + c + "' (wildcards and pipes are not supported)");
      } else if ((c == '@' || c == '!') && cur.length() == 0) {
        throw new IllegalArgumentException(
            "path '" + path + "' uses a GJSON modifier or literal ('" + c + "'), not supported");
      } else if (c == '#'
          && cur.length() == 0
          && i + 1 < path.length()
          && path.charAt(i + 1) == '(') {
        throw new IllegalArgumentException(
            "path '" + path + "' uses a GJSON query (#(...)), not supported");
      } else {
        cur.append(c);
      }
    }
    segs.add(segment(path, cur.toString(), escapedInSegment));
    return new GjsonPath(path, List.copyOf(segs));
  }

  private static String segment(String path, String s, boolean escaped) {
    if (s.isEmpty() && !escaped) {
      throw new IllegalArgumentException("path '" + path + "' has an empty key (two dots?)");
    }
    return escaped && s.equals("#") ? "\\#" : s;
  }

  /** The value at this path, if present. */
  public Optional<JsonNode> get(JsonNode root) {
    return Optional.ofNullable(get(root, 0));
  }

  private JsonNode get(JsonNode node, int i) {
    if (node == null || node.isMissingNode()) {
      return null;
    }
    if (i == segments.size()) {
      return node;
    }
    String s = segments.get(i);
    if (node.isArray()) {
      if (s.equals("#")) {
        if (i + 1 == segments.size()) {
          return JsonNodeFactory.instance.numberNode(node.size());
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (JsonNode e : node) {
          JsonNode v = get(e, i + 1);
          if (v != null) {
            out.add(v);
          }
        }
        return out;
      }
      int idx = index(s);
      return idx >= 0 && idx < node.size() ? get(node.get(idx), i + 1) : null;
    }
    if (node.isObject()) {
      return get(node.get(s.equals("\\#") ? "#" : s), i + 1);
    }
    return null;
  }

  /**
   * Writes {@code value} at this path, creating missing objects on the way (sjson's behaviour for
   * the supported subset); an index equal to an array's size, or {@code -1}, appends.
   *
   * @throws IllegalArgumentException when the path crosses a value that is neither object nor array
   */
  public void set(ObjectNode root, JsonNode value) {
    JsonNode node = root;
    for (int i = 0; i < segments.size(); i++) {
      String s = segments.get(i);
      boolean last = i == segments.size() - 1;
      if (s.equals("#")) {
        throw new IllegalArgumentException("'#' cannot be used in a destination path: " + text);
      }
      if (node instanceof ArrayNode arr) {
        int idx = s.equals("-1") ? arr.size() : index(s);
        if (idx < 0 || idx > arr.size()) {
          throw new IllegalArgumentException(
              "destination '" + text + "': index " + s + " is outside an array of " + arr.size());
        }
        if (last) {
          if (idx == arr.size()) {
            arr.add(value);
          } else {
            arr.set(idx, value);
          }
          return;
        }
        if (idx == arr.size()) {
          arr.addObject();
        }
        node = arr.get(idx);
      } else if (node instanceof ObjectNode obj) {
        String key = s.equals("\\#") ? "#" : s;
        if (last) {
          obj.set(key, value);
          return;
        }
        JsonNode next = obj.get(key);
        if (next == null || next.isNull()) {
          next = obj.putObject(key);
        }
        node = next;
      } else {
        throw new IllegalArgumentException(
            "destination '" + text + "' crosses a " + node.getNodeType() + " at '" + s + "'");
      }
    }
  }

  private static int index(String s) {
    if (s.isEmpty() || s.length() > 9) {
      return -1;
    }
    for (int k = 0; k < s.length(); k++) {
      if (!Character.isDigit(s.charAt(k))) {
        return -1;
      }
    }
    return Integer.parseInt(s);
  }

  @Override
  public String toString() {
    return text;
  }
}
