package io.waterbodies.stac.client;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * A request about to be sent, as seen by a {@link RequestHook}: the hook may read the method, URL
 * and body (for example to compute a signature) and add or replace headers.
 */
public interface StacRequest {
  /** The HTTP method, e.g. {@code GET}. */
  String method();

  /** The absolute request URL. */
  URI uri();

  /** The JSON body of a POST or PUT, empty for GET and DELETE. */
  Optional<String> body();

  /** The headers set so far (read-only view; values may be secrets, do not log them). */
  Map<String, String> headers();

  /** Sets (or replaces) a header. */
  void header(String name, String value);
}
