package io.waterbodies.detection;

import io.waterbodies.core.WaterbodiesException;

/**
 * Root of the exceptions of the {@code detection} module: something went wrong while reading
 * rasters, computing indices or writing detection results. Subclasses name the specific problem;
 * the message names where it is.
 */
public class DetectionException extends WaterbodiesException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message only. */
  public DetectionException(String message) {
    super(message);
  }

  /** Creates an exception with a message and its cause. */
  public DetectionException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Creates an exception naming the location and pointer of the problem. */
  public DetectionException(String message, String location, String pointer, Throwable cause) {
    super(message, location, pointer, cause);
  }
}
