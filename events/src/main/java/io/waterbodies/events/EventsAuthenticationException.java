package io.waterbodies.events;

/**
 * A server refused the credentials. Not retried: retrying a wrong password only locks accounts. The
 * message never contains the secret.
 */
public class EventsAuthenticationException extends EventsConnectionException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code location} is the redacted server URI. */
  public EventsAuthenticationException(String message, String location, Throwable cause) {
    super(message, location, cause);
  }
}
