package io.waterbodies.core;

import java.util.Optional;

/**
 * Root of every exception the SDK throws. Each module extends it with its own hierarchy (for
 * example {@code StacException}); callers that want to catch "anything from waterbodies" catch
 * this.
 *
 * <p>An exception may name where the problem is: a {@link #location()} (a file, URL or resource
 * name) and a {@link #pointer()} inside it (an RFC 6901 JSON pointer or a similar path). Both are
 * part of {@link #getMessage()} so a log line alone is actionable.
 */
public class WaterbodiesException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String location;
  private final String pointer;
  private final String detail;

  /** Creates an exception with a message only. */
  public WaterbodiesException(String message) {
    this(message, null, null, null);
  }

  /** Creates an exception with a message and its cause. */
  public WaterbodiesException(String message, Throwable cause) {
    this(message, null, null, cause);
  }

  /**
   * Creates an exception naming where the problem is.
   *
   * @param message what is wrong, phrased so that the user can act on it
   * @param location the file, URL or resource, or {@code null} when unknown
   * @param pointer the JSON pointer or path inside the location, or {@code null} when unknown
   * @param cause the underlying cause, or {@code null}
   */
  public WaterbodiesException(String message, String location, String pointer, Throwable cause) {
    super(compose(message, location, pointer), cause);
    this.detail = message;
    this.location = location;
    this.pointer = pointer;
  }

  private static String compose(String message, String location, String pointer) {
    StringBuilder sb = new StringBuilder();
    if (location != null && !location.isEmpty()) {
      sb.append(location).append(": ");
    }
    if (pointer != null) {
      sb.append(pointer.isEmpty() ? "/" : pointer).append(": ");
    }
    return sb.append(message).toString();
  }

  /** The file, URL or resource the problem is in, when known. */
  public Optional<String> location() {
    return Optional.ofNullable(location);
  }

  /** The JSON pointer (or similar path) inside {@link #location()}, when known. */
  public Optional<String> pointer() {
    return Optional.ofNullable(pointer);
  }

  /** The message without location and pointer. */
  public String detail() {
    return detail;
  }
}
