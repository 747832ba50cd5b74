package io.waterbodies.detection;

/**
 * Thrown when a GeoTIFF could not be read: missing, truncated or corrupt file, or an I/O failure.
 * The message names the file or item and the problem.
 */
public class RasterReadException extends DetectionException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for a location (file, URL or item) with a message. */
  public RasterReadException(String message, String location) {
    super(message, location, null, null);
  }

  /** Creates the exception for a location with a message and the underlying cause. */
  public RasterReadException(String message, String location, Throwable cause) {
    super(message, location, null, cause);
  }
}
