package io.waterbodies.stac.client.internal;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/** A complete HTTP response: status, headers and the decoded (gunzipped) body. */
public record HttpResult(URI uri, int status, HttpHeaders headers, byte[] body) {

  /** The Content-Type header, or the empty string. */
  public String contentType() {
    return headers.firstValue("Content-Type").orElse("");
  }

  /** The first {@code max} characters of the body, for error messages. */
  public String snippet(int max) {
    String s = new String(body, 0, Math.min(body.length, max * 4), StandardCharsets.UTF_8);
    s = s.replaceAll("\\s+", " ").trim();
    return s.length() > max ? s.substring(0, max) + "..." : s;
  }
}
