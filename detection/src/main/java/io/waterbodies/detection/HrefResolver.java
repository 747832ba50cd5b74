package io.waterbodies.detection;

import java.net.URI;
import java.nio.file.Path;

/**
 * Maps an asset href of a STAC Item to a local file to read: for example a mirror folder for remote
 * hrefs, or a download step that fetches a signed URL. Supplied by the caller.
 */
@FunctionalInterface
public interface HrefResolver {
  /** The local file holding the asset at {@code href}. */
  Path resolve(URI href);

  /** Local {@code file:} hrefs as they are; anything else is refused with a clear message. */
  static HrefResolver localFiles() {
    return href -> {
      if (href.getScheme() == null || "file".equals(href.getScheme())) {
        return href.getScheme() == null ? Path.of(href.getPath()) : Path.of(href);
      }
      throw new BandSelectionException(
          "remote asset href; give a resolver (for example --asset-root) to map it to a file",
          href.toString());
    };
  }

  /** Every href maps to the file of the same name in {@code dir}. */
  static HrefResolver byFileName(Path dir) {
    return href -> {
      String p = href.getPath() == null ? href.toString() : href.getPath();
      return dir.resolve(p.substring(p.lastIndexOf('/') + 1));
    };
  }
}
