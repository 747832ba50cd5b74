package io.waterbodies.detection;

/**
 * Thrown when the area of interest is unusable: zero area, outside the raster, or in a CRS that
 * cannot be resolved. The message names the file or item and the problem.
 */
public class InvalidAoiException extends DetectionException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for a location (file, URL or item) with a message. */
  public InvalidAoiException(String message, String location) {
    super(message, location, null, null);
  }

  /** Creates the exception for a location with a message and the underlying cause. */
  public InvalidAoiException(String message, String location, Throwable cause) {
    super(message, location, null, cause);
  }
}
