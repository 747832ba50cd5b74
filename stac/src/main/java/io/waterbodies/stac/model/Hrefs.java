package io.waterbodies.stac.model;

import io.waterbodies.stac.StacFormatException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** Resolving link and asset hrefs against the document that holds them, as STAC clients do. */
public final class Hrefs {
  private Hrefs() {}

  /**
   * Resolves {@code href} against {@code base} (the URI of the document holding it). Absolute URLs
   * and absolute file paths are returned as they are.
   *
   * @throws StacFormatException when {@code href} is not a valid URI reference
   */
  public static URI resolve(URI base, String href) {
    URI ref = parse(href);
    if (ref.isAbsolute()) {
      return ref;
    }
    try {
      if (href.startsWith("/") && (base == null || "file".equals(base.getScheme()))) {
        return Path.of(href).toUri();
      }
      return base == null ? ref : base.resolve(ref);
    } catch (IllegalArgumentException e) {
      throw new StacFormatException(
          "cannot resolve href '" + href + "' against " + base + ": " + e.getMessage(),
          null,
          null,
          e);
    }
  }

  /**
   * Parses an href. A string that is not a valid URI reference (a local path with spaces, say) is
   * taken as a path and percent-encoded.
   *
   * @throws StacFormatException when it cannot be read either way
   */
  public static URI parse(String href) {
    try {
      return new URI(href);
    } catch (URISyntaxException e) {
      try {
        return new URI(null, null, href, null);
      } catch (URISyntaxException e2) {
        throw new StacFormatException("not a valid href: '" + href + "'", null, null, e2);
      }
    }
  }
}
