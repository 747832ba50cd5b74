package io.waterbodies.detection;

/**
 * Thrown when a GeoTIFF uses something this reader refuses: an unsupported codec (for example JPEG)
 * or sample type, or a declared size too large to process. The message names the file or item and
 * the problem.
 */
public class UnsupportedRasterException extends DetectionException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for a location (file, URL or item) with a message. */
  public UnsupportedRasterException(String message, String location) {
    super(message, location, null, null);
  }

  /** Creates the exception for a location with a message and the underlying cause. */
  public UnsupportedRasterException(String message, String location, Throwable cause) {
    super(message, location, null, cause);
  }
}
