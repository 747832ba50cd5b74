package io.waterbodies.detection;

import io.waterbodies.detection.internal.HttpByteSource;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One band of a GeoTIFF: a local file or an http(s) URL, and a 1-based band index (as GDAL and the
 * command line count bands).
 *
 * <p>A remote band ({@link #url()} present) is read with HTTP range requests, as a cloud-optimised
 * GeoTIFF: only the directory and the blocks of the window are transferred. The server must answer
 * range requests (206); remote pixels are decoded for deflate and uncompressed files only (other
 * codecs give an {@link UnsupportedRasterException} naming the URL). A URL's query (for example a
 * signature) is sent but never appears in messages, {@link #toString()} or {@link #location()}.
 *
 * @param file the GeoTIFF; for a remote band only the file name of its URL (for display)
 * @param band 1-based band index
 * @param url the http(s) URL of a remote band; empty for a local file
 */
public record BandRef(Path file, int band, Optional<URI> url) {
  /** Checks the arguments. */
  public BandRef {
    Objects.requireNonNull(file, "file");
    url = Objects.requireNonNullElse(url, Optional.empty());
    if (band < 1) {
      throw new IllegalArgumentException("band index must be >= 1, got " + band);
    }
    url.ifPresent(
        u -> {
          if (!isHttp(u)) {
            throw new IllegalArgumentException(
                "remote bands need an http(s) URL, got " + HttpByteSource.redact(u));
          }
        });
  }

  /** A band of a local file. */
  public BandRef(Path file, int band) {
    this(file, band, Optional.empty());
  }

  /** The first band of a file. */
  public static BandRef of(Path file) {
    return new BandRef(file, 1);
  }

  /** The first band of a remote GeoTIFF at an http(s) URL. */
  public static BandRef of(URI url) {
    return of(url, 1);
  }

  /** A band of a remote GeoTIFF at an http(s) URL. */
  public static BandRef of(URI url, int band) {
    String p = url.getPath() == null ? "" : url.getPath();
    String name = p.substring(p.lastIndexOf('/') + 1);
    return new BandRef(Path.of(name.isEmpty() ? "remote.tif" : name), band, Optional.of(url));
  }

  /**
   * Parses {@code FILE[:BAND]} or {@code URL[:BAND]} (http or https). A trailing {@code :N} with N
   * digits is the band, anything else is part of the file name or URL.
   */
  public static BandRef parse(String spec) {
    String target = spec;
    int band = 1;
    int i = spec.lastIndexOf(':');
    if (i > 0
        && i < spec.length() - 1
        && spec.substring(i + 1).chars().allMatch(Character::isDigit)
        && !spec.substring(0, i).endsWith("/")
        && !isHostPort(spec, i)) {
      target = spec.substring(0, i);
      band = Integer.parseInt(spec.substring(i + 1));
    }
    String lower = target.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      try {
        return of(URI.create(target), band);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("not a valid URL: " + target.replaceAll("\\?.*", ""));
      }
    }
    return new BandRef(Path.of(target), band);
  }

  /** True for {@code http://host:8080} without a path, where the digits are a port. */
  private static boolean isHostPort(String spec, int colon) {
    String lower = spec.toLowerCase(Locale.ROOT);
    int scheme = lower.startsWith("https://") ? 8 : lower.startsWith("http://") ? 7 : -1;
    return scheme > 0 && spec.indexOf('/', scheme) < 0 && colon > scheme;
  }

  private static boolean isHttp(URI u) {
    String s = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    return s.equals("http") || s.equals("https");
  }

  /** True for a band read over http(s). */
  public boolean isRemote() {
    return url.isPresent();
  }

  /** The file path, or the URL without user-info and query: safe for messages and logs. */
  public String location() {
    return url.map(HttpByteSource::redact).orElseGet(file::toString);
  }

  @Override
  public String toString() {
    return location() + ":" + band;
  }
}
