package io.waterbodies.stac.server;

import io.waterbodies.stac.StacException;

/**
 * A {@link StacStore} refused a change: the thing to create exists, the thing to change does not,
 * or the document is not acceptable. The server maps the {@link #reason()} to an HTTP status.
 */
public class StacStoreException extends StacException {
  private static final long serialVersionUID = 1L;

  /** Why the store refused. */
  public enum Reason {
    /** The collection or item does not exist (HTTP 404). */
    NOT_FOUND,
    /** The collection or item already exists (HTTP 409). */
    CONFLICT,
    /** The document is not acceptable (HTTP 400). */
    INVALID
  }

  private final Reason reason;

  /** Creates an exception. */
  public StacStoreException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** Why the store refused. */
  public Reason reason() {
    return reason;
  }
}
