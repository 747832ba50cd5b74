package io.waterbodies.stac;

import io.waterbodies.core.WaterbodiesException;

/**
 * Root of the exceptions of the {@code stac} module: something went wrong while a STAC document,
 * catalog, API call or validation. Subclasses name the specific problem; the message names where it
 * is.
 */
public class StacException extends WaterbodiesException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message only. */
  public StacException(String message) {
    super(message);
  }

  /** Creates an exception with a message and its cause. */
  public StacException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Creates an exception naming the location and pointer of the problem. */
  public StacException(String message, String location, String pointer, Throwable cause) {
    super(message, location, pointer, cause);
  }
}
