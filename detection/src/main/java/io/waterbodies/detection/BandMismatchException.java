package io.waterbodies.detection;

/**
 * Thrown when the bands of one detection do not fit together: different sizes or grids. The message
 * names the file or item and the problem.
 */
public class BandMismatchException extends DetectionException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for a location (file, URL or item) with a message. */
  public BandMismatchException(String message, String location) {
    super(message, location, null, null);
  }

  /** Creates the exception for a location with a message and the underlying cause. */
  public BandMismatchException(String message, String location, Throwable cause) {
    super(message, location, null, cause);
  }
}
