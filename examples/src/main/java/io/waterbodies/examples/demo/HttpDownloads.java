package io.waterbodies.examples.demo;

import io.waterbodies.core.secret.Redaction;
import io.waterbodies.detection.HrefResolver;
import io.waterbodies.detection.RasterReadException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An {@link HrefResolver} for remote assets: {@code http(s):} hrefs are downloaded once into a
 * cache directory (keyed by host and path, so the same asset is never fetched twice) and {@code
 * file:} hrefs are used as they are. A download goes to a temporary file first and is moved into
 * place when complete, so an interrupted run never leaves a truncated raster behind.
 *
 * <p>A download is bounded three ways, so that a stuck or hostile server cannot hang a run or fill
 * the disk: a read timeout (no byte for that long, default 60 s), an overall deadline per download
 * (default 30 min) and a size limit (default 2 GiB); see {@link #HttpDownloads(Path, Duration,
 * Duration, long)}.
 */
public final class HttpDownloads implements HrefResolver {
  /** Default longest wait for the next byte of a response. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

  /** Default bound on one whole download. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(30);

  /** Default largest download, in bytes (2 GiB). */
  public static final long DEFAULT_MAX_BYTES = 2L << 30;

  private final Path cache;
  private final HttpClient http;
  private final Duration readTimeout;
  private final Duration deadline;
  private final long maxBytes;

  /** Downloads into {@code cache} (created when missing) with the default bounds. */
  public HttpDownloads(Path cache) {
    this(cache, DEFAULT_READ_TIMEOUT, DEFAULT_DEADLINE, DEFAULT_MAX_BYTES);
  }

  /**
   * Downloads into {@code cache} with a read timeout (longest wait for the next byte), an overall
   * deadline per download and a size limit in bytes.
   */
  public HttpDownloads(Path cache, Duration readTimeout, Duration deadline, long maxBytes) {
    this.cache = Objects.requireNonNull(cache, "cache").toAbsolutePath();
    this.readTimeout = positive(readTimeout, "readTimeout");
    this.deadline = positive(deadline, "deadline");
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be positive");
    }
    this.maxBytes = maxBytes;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(20))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  private static Duration positive(Duration d, String name) {
    if (Objects.requireNonNull(d, name).isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
    return d;
  }

  @Override
  public Path resolve(URI href) {
    String scheme = href.getScheme() == null ? "file" : href.getScheme();
    if (scheme.equals("file")) {
      return HrefResolver.localFiles().resolve(href);
    }
    String where = Redaction.redact(href.toString());
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new RasterReadException("unsupported asset href scheme '" + scheme + "'", where);
    }
    String path = href.getPath() == null ? "" : href.getPath().replaceAll("^/+", "");
    if (path.isEmpty() || path.contains("..")) {
      throw new RasterReadException("asset href has no usable path", where);
    }
    Path target = cache.resolve(href.getHost()).resolve(path).normalize();
    if (Files.isRegularFile(target)) {
      return target;
    }
    Path part = null;
    try {
      Files.createDirectories(target.getParent());
      part = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
      download(href, part, where);
      Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      part = null;
      return target;
    } catch (IOException e) {
      throw new RasterReadException(
          "cannot download to " + target + ": " + Redaction.redact(e.getMessage()), where, e);
    } finally {
      if (part != null) {
        try {
          Files.deleteIfExists(part);
        } catch (IOException ignored) {
          // A leftover .part file is harmless: it is never taken for the asset.
        }
      }
    }
  }

  /** Downloads {@code href} into {@code part} within the bounds; fails with a typed error. */
  private void download(URI href, Path part, String where) throws IOException {
    long start = System.nanoTime();
    long end = start + deadline.toNanos();
    HttpRequest req = HttpRequest.newBuilder(href).timeout(readTimeout).GET().build();
    try (FileChannel out = FileChannel.open(part, StandardOpenOption.WRITE)) {
      ToFile body = new ToFile(out, maxBytes);
      CompletableFuture<HttpResponse<Long>> f =
          http.sendAsync(
              req,
              info -> {
                long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
                if (info.statusCode() == 200 && declared > maxBytes) {
                  body.fail(tooLarge());
                }
                return info.statusCode() == 200
                    ? body
                    : HttpResponse.BodySubscribers.replacing(-1L);
              });
      HttpResponse<Long> res = await(f, body, start, end, where);
      if (res.statusCode() != 200) {
        throw new RasterReadException("download failed with HTTP " + res.statusCode(), where);
      }
    }
  }

  private IOException tooLarge() {
    return new IOException("the download exceeds the limit of " + maxBytes + " bytes");
  }

  /** Waits for the exchange, failing when no byte came for the read timeout or at the deadline. */
  private HttpResponse<Long> await(
      CompletableFuture<HttpResponse<Long>> f, ToFile body, long start, long end, String where)
      throws IOException {
    long step = Math.max(10, Math.min(1000, readTimeout.toMillis() / 4));
    try {
      while (true) {
        try {
          return f.get(step, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          long now = System.nanoTime();
          long last = Math.max(start, body.lastProgress);
          if (now - end > 0) {
            f.cancel(true);
            throw new RasterReadException(
                "download not complete within the deadline of " + deadline, where);
          }
          if (now - last > readTimeout.toNanos()) {
            f.cancel(true);
            throw new RasterReadException(
                "no data received for " + readTimeout + " (read timeout)", where);
          }
        }
      }
    } catch (ExecutionException e) {
      Throwable c = e.getCause() == null ? e : e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      throw new IOException(c.toString(), c);
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new RasterReadException("interrupted while downloading", where, e);
    }
  }

  /** Writes a response body to a file, counting bytes against the limit and noting progress. */
  private static final class ToFile implements HttpResponse.BodySubscriber<Long> {
    private final FileChannel out;
    private final long limit;
    private final CompletableFuture<Long> result = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private long written;
    volatile long lastProgress = System.nanoTime();

    ToFile(FileChannel out, long limit) {
      this.out = out;
      this.limit = limit;
    }

    void fail(IOException e) {
      result.completeExceptionally(e);
    }

    @Override
    public CompletionStage<Long> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (result.isDone()) {
        s.cancel();
      } else {
        s.request(Long.MAX_VALUE);
      }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      lastProgress = System.nanoTime();
      try {
        for (ByteBuffer b : items) {
          written += b.remaining();
          if (written > limit) {
            subscription.cancel();
            result.completeExceptionally(
                new IOException("the download exceeds the limit of " + limit + " bytes"));
            return;
          }
          while (b.hasRemaining()) {
            out.write(b);
          }
        }
      } catch (IOException e) {
        subscription.cancel();
        result.completeExceptionally(e);
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(written);
    }
  }
}
