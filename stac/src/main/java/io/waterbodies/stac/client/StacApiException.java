package io.waterbodies.stac.client;

import io.waterbodies.core.secret.Redaction;
import io.waterbodies.stac.StacException;
import java.net.URI;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A STAC API call failed: the server could not be reached or answered too slowly, answered with an
 * error status, or sent something that is not the JSON document expected (an HTML error page,
 * invalid JSON, a response over the size limit, a paging link to a scheme other than HTTP). The
 * message names the URL (credentials such as {@code sig=} or {@code token=} parameters masked) and,
 * when there was a response, its HTTP status.
 */
public class StacApiException extends StacException {
  private static final long serialVersionUID = 1L;

  private final transient URI uri;
  private final int status;

  /**
   * Creates an exception.
   *
   * @param message what went wrong
   * @param uri the request URL, or {@code null} when unknown
   * @param status the HTTP status, or {@code -1} when there was no response
   * @param cause the cause, or {@code null}
   */
  public StacApiException(String message, URI uri, int status, Throwable cause) {
    super(
        status > 0 ? "HTTP " + status + ": " + message : message,
        uri == null ? null : Redaction.redact(uri.toString()),
        null,
        cause);
    this.uri = uri;
    this.status = status;
  }

  /** The request URL, when known. */
  public Optional<URI> uri() {
    return Optional.ofNullable(uri);
  }

  /** The HTTP status of the response, empty when no response arrived. */
  public OptionalInt status() {
    return status > 0 ? OptionalInt.of(status) : OptionalInt.empty();
  }
}
