package io.waterbodies.detection;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Maps an asset href of a STAC Item to what to read: a local file (for example a mirror folder for
 * remote hrefs, or a download step that fetches a signed URL) or, through {@link #band}, a remote
 * band read with HTTP range requests (see {@link #remote()}; a resolver may sign the URL there).
 * Supplied by the caller.
 */
@FunctionalInterface
public interface HrefResolver {
  /** The local file holding the asset at {@code href}. */
  Path resolve(URI href);

  /**
   * The band to read for an asset href; by default band {@code band} of {@link #resolve}'s file.
   *
   * @param href the asset href (absolute when the Item has a location)
   * @param band 1-based band index
   */
  default BandRef band(URI href, int band) {
    return new BandRef(resolve(href), band);
  }

  /** Local {@code file:} hrefs as they are; anything else is refused with a clear message. */
  static HrefResolver localFiles() {
    return href -> {
      if (href.getScheme() == null || "file".equals(href.getScheme())) {
        return href.getScheme() == null ? Path.of(href.getPath()) : Path.of(href);
      }
      throw new BandSelectionException(
          "remote asset href; give a resolver (for example --asset-root) to map it to a file",
          href.getScheme() + "://" + href.getHost() + href.getPath());
    };
  }

  /**
   * Local {@code file:} hrefs as files and http(s) hrefs as remote bands, read in place with range
   * requests (the server must support them); other schemes are refused.
   */
  static HrefResolver remote() {
    HrefResolver local = localFiles();
    return new HrefResolver() {
      @Override
      public Path resolve(URI href) {
        return local.resolve(href);
      }

      @Override
      public BandRef band(URI href, int band) {
        String s = href.getScheme() == null ? "" : href.getScheme().toLowerCase(Locale.ROOT);
        return s.equals("http") || s.equals("https")
            ? BandRef.of(href, band)
            : new BandRef(resolve(href), band);
      }
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
