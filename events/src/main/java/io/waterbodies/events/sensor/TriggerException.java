package io.waterbodies.events.sensor;

import io.waterbodies.events.EventsException;

/**
 * A trigger could not run for an event. A transient failure (the default for any exception a
 * trigger throws) is retried with backoff; a {@linkplain #permanent permanent} one, such as a
 * missing parameter key, goes straight to the dead-letter subject.
 */
public class TriggerException extends EventsException {
  private static final long serialVersionUID = 1L;

  private final boolean permanent;

  /** Creates a transient failure. */
  public TriggerException(String message, Throwable cause) {
    this(message, false, cause);
  }

  /** Creates a failure, permanent or not. */
  public TriggerException(String message, boolean permanent, Throwable cause) {
    super(message, cause);
    this.permanent = permanent;
  }

  /** A failure that retrying cannot fix. */
  public static TriggerException permanent(String message) {
    return new TriggerException(message, true, null);
  }

  /** True when retrying cannot help. */
  public boolean isPermanent() {
    return permanent;
  }
}
