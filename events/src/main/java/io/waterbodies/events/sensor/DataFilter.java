package io.waterbodies.events.sensor;

import java.util.List;

/**
 * Argo's data filter: the value at a GJSON {@code path} of the event data, read as {@code type}
 * ({@code bool}, {@code number} or {@code string}), compared with each of {@code values} (the
 * results are OR-ed). Strings are regular expressions and only {@code =} and {@code !=} apply.
 *
 * @param path the GJSON path (dotted keys, array indexes, {@code #} for a length, {@code \.} for a
 *     dot inside a key)
 * @param type {@code bool}, {@code number} or {@code string}
 * @param values the values to compare with; any match passes
 * @param comparator {@code =}, {@code !=}, {@code >}, {@code >=}, {@code <}, {@code <=}
 */
public record DataFilter(String path, String type, List<String> values, String comparator) {
  /** Copies the list. */
  public DataFilter {
    values = List.copyOf(values);
  }
}
