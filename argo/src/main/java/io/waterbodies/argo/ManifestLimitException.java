package io.waterbodies.argo;

/**
 * A manifest exceeded a configured limit (size, YAML aliases, nesting): refused before it could
 * exhaust memory.
 */
public class ManifestLimitException extends ManifestException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception naming the location and JSON pointer of the problem. */
  public ManifestLimitException(String message, String location, String pointer, Throwable cause) {
    super(message, location, pointer, cause);
  }
}
