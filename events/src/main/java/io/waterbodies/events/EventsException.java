package io.waterbodies.events;

import io.waterbodies.core.WaterbodiesException;

/**
 * Root of the exceptions of the {@code events} module: something went wrong while watching STAC,
 * moving events through Redis and JetStream, or running a sensor. Subclasses name the specific
 * problem; the message names where it is.
 */
public class EventsException extends WaterbodiesException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message only. */
  public EventsException(String message) {
    super(message);
  }

  /** Creates an exception with a message and its cause. */
  public EventsException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Creates an exception naming the location and pointer of the problem. */
  public EventsException(String message, String location, String pointer, Throwable cause) {
    super(message, location, pointer, cause);
  }
}
