package io.waterbodies.events.sensor;

import java.util.List;
import java.util.Optional;

/**
 * Argo's data filter: the value at a GJSON {@code path} of the event data (optionally rendered
 * through a Go {@code template} first, with the value as {@code .Input}), read as {@code type}
 * ({@code bool}, {@code number} or {@code string}), compared with each of {@code values} (the
 * results are OR-ed). Strings are regular expressions and only {@code =} and {@code !=} apply.
 *
 * @param path the GJSON path
 * @param type {@code bool}, {@code number} or {@code string}
 * @param values the values to compare with; any match passes
 * @param comparator {@code =}, {@code !=}, {@code >}, {@code >=}, {@code <}, {@code <=}
 * @param template a Go template applied to the value first
 */
public record DataFilter(
    String path, String type, List<String> values, String comparator, Optional<String> template) {
  /** Copies the list. */
  public DataFilter {
    values = List.copyOf(values);
  }
}
