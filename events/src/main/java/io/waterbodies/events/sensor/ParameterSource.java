package io.waterbodies.events.sensor;

import java.util.Optional;

/**
 * Where a trigger parameter's value comes from (Argo's {@code src}). At most one of the keys and
 * templates is used (in the order contextKey, contextTemplate, dataTemplate, dataKey); {@code
 * value} is the default when the key is missing, or the constant when no key is given.
 *
 * @param dependencyName the dependency whose event is read
 * @param dataKey a GJSON path into the event data
 * @param dataTemplate a template over the event data ({@code {{ .Input.a.b }}})
 * @param contextKey a GJSON path into the event context ({@code id}, {@code subject}, ...)
 * @param contextTemplate a template over the event context
 * @param value the default (or constant) value
 * @param useRawData insert objects, arrays, numbers and booleans as JSON instead of text
 */
public record ParameterSource(
    String dependencyName,
    Optional<String> dataKey,
    Optional<String> dataTemplate,
    Optional<String> contextKey,
    Optional<String> contextTemplate,
    Optional<String> value,
    boolean useRawData) {}
