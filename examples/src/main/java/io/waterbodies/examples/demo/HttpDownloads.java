package io.waterbodies.examples.demo;

import io.waterbodies.core.secret.Redaction;
import io.waterbodies.detection.HrefResolver;
import io.waterbodies.detection.RasterReadException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Objects;

/**
 * An {@link HrefResolver} for remote assets: {@code http(s):} hrefs are downloaded once into a
 * cache directory (keyed by host and path, so the same asset is never fetched twice) and {@code
 * file:} hrefs are used as they are. A download goes to a temporary file first and is moved into
 * place when complete, so an interrupted run never leaves a truncated raster behind.
 */
public final class HttpDownloads implements HrefResolver {
  private final Path cache;
  private final HttpClient http;

  /** Downloads into {@code cache} (created when missing). */
  public HttpDownloads(Path cache) {
    this.cache = Objects.requireNonNull(cache, "cache").toAbsolutePath();
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(20))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  @Override
  public Path resolve(URI href) {
    String scheme = href.getScheme() == null ? "file" : href.getScheme();
    if (scheme.equals("file")) {
      return HrefResolver.localFiles().resolve(href);
    }
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new RasterReadException(
          "unsupported asset href scheme '" + scheme + "'", Redaction.redact(href.toString()));
    }
    String path = href.getPath() == null ? "" : href.getPath().replaceAll("^/+", "");
    if (path.isEmpty() || path.contains("..")) {
      throw new RasterReadException(
          "asset href has no usable path", Redaction.redact(href.toString()));
    }
    Path target = cache.resolve(href.getHost()).resolve(path).normalize();
    if (Files.isRegularFile(target)) {
      return target;
    }
    try {
      Files.createDirectories(target.getParent());
      Path part =
          Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
      HttpResponse<Path> res =
          http.send(
              HttpRequest.newBuilder(href).timeout(Duration.ofMinutes(30)).GET().build(),
              HttpResponse.BodyHandlers.ofFile(part));
      if (res.statusCode() != 200) {
        Files.deleteIfExists(part);
        throw new RasterReadException(
            "download failed with HTTP " + res.statusCode(), Redaction.redact(href.toString()));
      }
      Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException e) {
      throw new RasterReadException(
          "cannot download to " + target + ": " + e.getMessage(),
          Redaction.redact(href.toString()),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RasterReadException(
          "interrupted while downloading", Redaction.redact(href.toString()));
    }
  }
}
