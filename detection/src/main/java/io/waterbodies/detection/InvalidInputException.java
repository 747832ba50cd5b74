package io.waterbodies.detection;

/**
 * Thrown when the input pixels cannot give a meaningful result: every pixel is nodata, or a band is
 * constant. The message names the file or item and the problem.
 */
public class InvalidInputException extends DetectionException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for a location (file, URL or item) with a message. */
  public InvalidInputException(String message, String location) {
    super(message, location, null, null);
  }

  /** Creates the exception for a location with a message and the underlying cause. */
  public InvalidInputException(String message, String location, Throwable cause) {
    super(message, location, null, cause);
  }
}
