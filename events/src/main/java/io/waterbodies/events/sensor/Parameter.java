package io.waterbodies.events.sensor;

/**
 * A trigger parameter: a value from an event written into the trigger's resource.
 *
 * @param src where the value comes from
 * @param dest the path in the resource (sjson: dotted keys, array indexes, {@code -1} appends;
 *     missing objects and arrays are created), e.g. {@code spec.arguments.parameters.0.value}
 * @param operation how the value combines with what is already at {@code dest}
 */
public record Parameter(ParameterSource src, String dest, Operation operation) {
  /** How a parameter value combines with the existing value at its destination. */
  public enum Operation {
    /** Replace it (Argo's default). */
    OVERWRITE,
    /** Append to its text. */
    APPEND,
    /** Prepend to its text. */
    PREPEND
  }
}
