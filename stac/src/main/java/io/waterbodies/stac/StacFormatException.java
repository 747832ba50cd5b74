package io.waterbodies.stac;

/**
 * A document is not usable STAC: malformed JSON, a wrong {@code type}, a missing required field, or
 * a value of the wrong JSON type or form. The message names the location (file or URL, when known)
 * and the JSON pointer of the offending value.
 */
public class StacFormatException extends StacException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong
   * @param location the file or URL, or {@code null} when unknown
   * @param pointer the JSON pointer of the offending value, or {@code null} when unknown
   * @param cause the underlying cause, or {@code null}
   */
  public StacFormatException(String message, String location, String pointer, Throwable cause) {
    super(message, location, pointer, cause);
  }

  /** A copy of this exception naming {@code location}, keeping the pointer and cause. */
  public StacFormatException at(String location) {
    StacFormatException e =
        new StacFormatException(detail(), location, pointer().orElse(null), getCause());
    e.setStackTrace(getStackTrace());
    return e;
  }
}
