package io.waterbodies.argo;

import io.waterbodies.core.WaterbodiesException;

/**
 * Root of the exceptions of the {@code argo} module: something went wrong while building,
 * rendering, validating, submitting or running Argo resources. Subclasses name the specific
 * problem; the message names where it is.
 */
public class ArgoException extends WaterbodiesException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message only. */
  public ArgoException(String message) {
    super(message);
  }

  /** Creates an exception with a message and its cause. */
  public ArgoException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Creates an exception naming the location and pointer of the problem. */
  public ArgoException(String message, String location, String pointer, Throwable cause) {
    super(message, location, pointer, cause);
  }
}
