package io.waterbodies.stac;

/**
 * A STAC document or asset could not be read or written: a missing file, a refused connection, an
 * HTTP error status. The message names the file or URL.
 */
public class StacIoException extends StacException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception naming the file or URL. */
  public StacIoException(String message, String location, Throwable cause) {
    super(message, location, null, cause);
  }
}
