package io.waterbodies.stac.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/** URL helpers: query encoding, lenient parsing of hrefs from servers, and resolution. */
public final class Uris {
  private Uris() {}

  /**
   * Percent-encodes a query parameter name or value. Commas and colons stay readable (both are
   * allowed in a query); a {@code +} becomes {@code %2B} so that it is not read as a space.
   */
  public static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8)
        .replace("+", "%20")
        .replace("%2C", ",")
        .replace("%3A", ":")
        .replace("%2F", "/");
  }

  /** The query string for the parameters in order, without the leading {@code ?}. */
  public static String query(Map<String, String> params) {
    return params.entrySet().stream()
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  /** {@code base} with the parameters appended to any query it already has. */
  public static URI withQuery(URI base, Map<String, String> params) {
    if (params.isEmpty()) {
      return base;
    }
    String s = base.toString();
    int hash = s.indexOf('#');
    if (hash >= 0) {
      s = s.substring(0, hash);
    }
    String sep = base.getRawQuery() == null ? "?" : (s.endsWith("&") || s.endsWith("?") ? "" : "&");
    return URI.create(s + sep + query(params));
  }

  /**
   * Resolves an href from a document against the document's URL. Servers sometimes put characters
   * into hrefs that a URI may not contain (spaces, quotes, braces); those are percent-encoded
   * rather than rejected.
   *
   * @throws IllegalArgumentException when the href cannot be made into a URI at all
   */
  public static URI resolve(URI base, String href) {
    URI u;
    try {
      u = new URI(href);
    } catch (URISyntaxException e) {
      try {
        u = new URI(escapeIllegal(href));
      } catch (URISyntaxException e2) {
        throw new IllegalArgumentException("invalid href '" + href + "': " + e2.getMessage(), e2);
      }
    }
    return base == null ? u : base.resolve(u);
  }

  private static String escapeIllegal(String s) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean ok = c > 0x20 && c < 0x7f && "\"<>\\^`{|}[] ".indexOf(c) < 0;
      if (ok) {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        sb.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return sb.toString();
  }

  /** The URL with a trailing slash on its path, so that relative paths resolve beneath it. */
  public static URI asDirectory(URI u) {
    String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
    if (path.endsWith("/")) {
      return u;
    }
    String s = u.toString();
    int q = s.indexOf('?');
    int h = s.indexOf('#');
    int cut = q >= 0 ? q : (h >= 0 ? h : s.length());
    return URI.create(s.substring(0, cut) + "/" + s.substring(cut));
  }
}
