package io.waterbodies.argo.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A sensor trigger parameter: takes a value from an event ({@code src}) and writes it into the
 * trigger's resource at {@code dest} (e.g. {@code spec.arguments.parameters.0.value}).
 *
 * @param dependencyName the dependency whose event is read
 * @param dataKey GJSON path into the event data
 * @param dataTemplate Go template over the event data
 * @param value default when the key is missing
 * @param dest path into the resource
 * @param operation {@code overwrite} (default), {@code append} or {@code prepend}
 */
public record TriggerParameter(
    String dependencyName,
    Optional<String> dataKey,
    Optional<String> dataTemplate,
    Optional<String> value,
    String dest,
    Optional<String> operation) {
  /** Checks the fields. */
  public TriggerParameter {
    Objects.requireNonNull(dependencyName, "dependencyName");
    Objects.requireNonNull(dataKey, "dataKey");
    Objects.requireNonNull(dataTemplate, "dataTemplate");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(dest, "dest");
    Objects.requireNonNull(operation, "operation");
  }

  /** Copies the data at {@code dataKey} of {@code dependency}'s event to {@code dest}. */
  public static TriggerParameter fromData(String dependency, String dataKey, String dest) {
    return new TriggerParameter(
        dependency,
        Optional.of(dataKey),
        Optional.empty(),
        Optional.empty(),
        dest,
        Optional.empty());
  }

  /** Renders a template over {@code dependency}'s event into {@code dest}. */
  public static TriggerParameter fromTemplate(String dependency, String template, String dest) {
    return new TriggerParameter(
        dependency,
        Optional.empty(),
        Optional.of(template),
        Optional.empty(),
        dest,
        Optional.empty());
  }
}
