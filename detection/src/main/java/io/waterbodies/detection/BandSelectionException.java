package io.waterbodies.detection;

/**
 * Thrown when a band cannot be found: a band index past the file's bands, or a STAC Item without an
 * asset for a required common name. The message names the file or item and the problem.
 */
public class BandSelectionException extends DetectionException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for a location (file, URL or item) with a message. */
  public BandSelectionException(String message, String location) {
    super(message, location, null, null);
  }

  /** Creates the exception for a location with a message and the underlying cause. */
  public BandSelectionException(String message, String location, Throwable cause) {
    super(message, location, null, cause);
  }
}
