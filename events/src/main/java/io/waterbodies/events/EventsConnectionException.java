package io.waterbodies.events;

/**
 * A server (Redis or NATS) could not be reached or the connection was lost for longer than the
 * retry policy allows. The message names the server by its redacted URI.
 */
public class EventsConnectionException extends EventsException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code location} is the redacted server URI. */
  public EventsConnectionException(String message, String location, Throwable cause) {
    super(message, location, null, cause);
  }
}
