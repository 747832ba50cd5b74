package io.waterbodies.core.json;

import io.waterbodies.core.WaterbodiesException;

/**
 * A document could not be parsed or written as JSON (or YAML): malformed text, a document over the
 * configured {@link JsonLimits}, or a value of the wrong JSON type where another was required.
 */
public class JsonException extends WaterbodiesException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception; see {@link WaterbodiesException#WaterbodiesException(String, String,
   * String, Throwable)}.
   */
  public JsonException(String message, String location, String pointer, Throwable cause) {
    super(message, location, pointer, cause);
  }
}
