package io.waterbodies.argo;

/** A manifest of a kind this SDK does not handle (or not an Argo resource at all). */
public class UnsupportedKindException extends ManifestException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception naming the location and JSON pointer of the problem. */
  public UnsupportedKindException(
      String message, String location, String pointer, Throwable cause) {
    super(message, location, pointer, cause);
  }
}
