package io.waterbodies.argo.model;

import java.util.List;
import java.util.Objects;

/**
 * A sensor dependency data filter: the value at {@code path} (GJSON) of type {@code type} compared
 * with any of {@code values} using {@code comparator} ({@code =} by default).
 */
public record DataFilter(String path, String type, List<String> values, String comparator) {
  /** Checks the fields. */
  public DataFilter {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(type, "type");
    values = List.copyOf(values);
    Objects.requireNonNull(comparator, "comparator");
  }

  /** A string filter matching any of the regular expressions. */
  public static DataFilter string(String path, String... regexes) {
    return new DataFilter(path, "string", List.of(regexes), "=");
  }
}
