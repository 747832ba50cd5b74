package io.waterbodies.core.json;

/** Building RFC 6901 JSON pointers, as used in validation findings and error messages. */
public final class JsonPointers {
  private JsonPointers() {}

  /** Escapes one reference token: {@code ~} becomes {@code ~0} and {@code /} becomes {@code ~1}. */
  public static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  /** Appends a property name to a pointer. */
  public static String child(String pointer, String property) {
    return pointer + "/" + escape(property);
  }

  /** Appends an array index to a pointer. */
  public static String child(String pointer, int index) {
    return pointer + "/" + index;
  }
}
