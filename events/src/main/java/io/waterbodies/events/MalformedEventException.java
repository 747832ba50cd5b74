package io.waterbodies.events;

/**
 * A message on the bus is not a usable event: not JSON, too large, not a CloudEvent, or missing a
 * field the sensor needs. Such messages are never retried; they go to the dead-letter subject.
 */
public class MalformedEventException extends EventsException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code location} names the subject or stream the event came from. */
  public MalformedEventException(String message, String location, String pointer, Throwable cause) {
    super(message, location, pointer, cause);
  }
}
