package io.waterbodies.stac.client.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * One request for a page of results: method, URL, the POST body (when any) and extra headers from a
 * paging link.
 */
public record PageRequest(
    String method, URI uri, Optional<ObjectNode> body, Map<String, String> headers) {

  /** Copies the headers. */
  public PageRequest {
    headers = Map.copyOf(headers);
  }
}
