package io.waterbodies.stac;

/**
 * A document exceeds the configured {@link io.waterbodies.core.json.JsonLimits}: too large, nested
 * too deeply, or with an over-long string. Raised before the document is fully read, so a hostile
 * input cannot exhaust memory or the stack.
 */
public class StacLimitException extends StacFormatException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; see {@link StacFormatException}. */
  public StacLimitException(String message, String location, String pointer, Throwable cause) {
    super(message, location, pointer, cause);
  }

  @Override
  public StacLimitException at(String location) {
    StacLimitException e =
        new StacLimitException(detail(), location, pointer().orElse(null), getCause());
    e.setStackTrace(getStackTrace());
    return e;
  }
}
