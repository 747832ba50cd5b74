package io.waterbodies.stac.client;

import java.net.URI;

/** The STAC API answered 404: the collection or item does not exist. */
public class StacApiNotFoundException extends StacApiException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception for a 404 answer to {@code uri}. */
  public StacApiNotFoundException(String message, URI uri) {
    super(message, uri, 404, null);
  }
}
