package io.waterbodies.events.sensor;

import java.util.Optional;

/**
 * Where a trigger parameter's value comes from (Argo's {@code src}), resolved as Argo's {@code
 * ResolveParamValue} does: a context key/template or a data key/template (data wins when both are
 * given; a template that fails falls back to the key, then to {@code value}); {@code value} alone
 * is a constant; with nothing at all the whole event is used, as JSON {@code
 * {"context":{...},"data":"<base64>"}}.
 *
 * @param dependencyName the dependency whose event is read
 * @param dataKey a GJSON path into the event data
 * @param dataTemplate a Go template over the event data ({@code {{ .Input.a.b }}})
 * @param contextKey a GJSON path into the event context ({@code id}, {@code subject}, ...)
 * @param contextTemplate a Go template over the event context
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
    boolean useRawData) {
  /** Whether the source names only a dependency: the whole event is the value. */
  public boolean wholeEvent() {
    return dataKey.isEmpty()
        && dataTemplate.isEmpty()
        && contextKey.isEmpty()
        && contextTemplate.isEmpty()
        && value.isEmpty();
  }
}
