package io.waterbodies.stac.client;

import java.net.URI;

/** The STAC API answered 409: the collection or item to create already exists. */
public class StacApiConflictException extends StacApiException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception for a 409 answer to {@code uri}. */
  public StacApiConflictException(String message, URI uri) {
    super(message, uri, 409, null);
  }
}
