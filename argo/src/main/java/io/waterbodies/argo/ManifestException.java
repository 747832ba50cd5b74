package io.waterbodies.argo;

/** A manifest could not be read: not YAML/JSON, not an object, or not an Argo resource. */
public class ManifestException extends ArgoException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception naming the location and JSON pointer of the problem. */
  public ManifestException(String message, String location, String pointer, Throwable cause) {
    super(message, location, pointer, cause);
  }
}
