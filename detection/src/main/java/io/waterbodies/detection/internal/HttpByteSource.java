package io.waterbodies.detection.internal;

import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.core.secret.Redaction;
import io.waterbodies.detection.RasterReadException;
import io.waterbodies.detection.UnsupportedRasterException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A remote file read with HTTP range requests ({@code Range: bytes=a-b}), as cloud-optimised
 * GeoTIFFs are meant to be read: only the directory and the blocks a window needs are transferred.
 *
 * <p>Every request must be answered with 206 Partial Content; a server that ignores the range (200)
 * is refused with {@link UnsupportedRasterException} and the body is not downloaded. Small reads
 * (directories, tag arrays) go through a small cache of aligned {@value #BLOCK}-byte blocks, since
 * the TIFF reader and Apache SIS read headers in many small pieces. Failed requests (I/O errors,
 * 5xx, 429) are retried with backoff. Messages name the URL without its user-info and query (signed
 * URLs carry their credentials there).
 *
 * <p>Every request is bounded as a whole, body included ({@link #DEFAULT_REQUEST_TIMEOUT} unless
 * given), so a server that trickles a byte every few seconds cannot hold a read forever; and all
 * requests of one source share an overall deadline ({@link #DEFAULT_DEADLINE}) that retries cannot
 * extend. A body larger than the range requested is refused.
 */
public final class HttpByteSource implements ByteSource {
  /** Cache block size in bytes; reads up to this size are served from cached blocks. */
  static final int BLOCK = 16 * 1024;

  private static final int CACHE_BLOCKS = 32;

  /** Default bound on one request, from sending it to the last byte of its body. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

  /** Default bound on all the requests of one source together, retries included. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(15);

  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");
  private static final Logger LOG = LoggerFactory.getLogger(HttpByteSource.class);
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(15))
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();

  /** Default retries: 3 attempts, short backoff. */
  public static final RetryPolicy DEFAULT_RETRY =
      RetryPolicy.builder()
          .maxAttempts(3)
          .initialDelay(Duration.ofMillis(200))
          .maxDelay(Duration.ofSeconds(2))
          .build();

  private final URI uri;
  private final String location;
  private final RetryPolicy retry;
  private final Bounds bounds;
  private final long size;
  private final Map<Long, byte[]> cache =
      new LinkedHashMap<>(CACHE_BLOCKS * 2, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
          return size() > CACHE_BLOCKS;
        }
      };

  /** The per-request timeout and the source's overall deadline ({@link System#nanoTime()}). */
  private record Bounds(Duration request, Duration total, long deadlineNanos) {}

  private HttpByteSource(URI uri, RetryPolicy retry, Bounds bounds, long size, byte[] first) {
    this.uri = uri;
    this.location = redact(uri);
    this.retry = retry;
    this.bounds = bounds;
    this.size = size;
    cache.put(0L, first);
  }

  /**
   * Opens a URL: fetches its first block, which also tells the file size.
   *
   * @throws RasterReadException for HTTP errors (404 and others), unreachable hosts or timeouts
   * @throws UnsupportedRasterException when the server does not answer range requests
   */
  public static HttpByteSource open(URI uri) {
    return open(uri, DEFAULT_RETRY);
  }

  /** Opens a URL with a retry policy; see {@link #open(URI)}. */
  public static HttpByteSource open(URI uri, RetryPolicy retry) {
    return open(uri, retry, DEFAULT_REQUEST_TIMEOUT, DEFAULT_DEADLINE);
  }

  /**
   * Opens a URL with a retry policy, a bound on each request (body included) and an overall
   * deadline for every request made through this source; see {@link #open(URI)}.
   */
  public static HttpByteSource open(
      URI uri, RetryPolicy retry, Duration requestTimeout, Duration deadline) {
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive");
    }
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("deadline must be positive");
    }
    Bounds bounds = new Bounds(requestTimeout, deadline, System.nanoTime() + deadline.toNanos());
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("not an http(s) URL: " + redact(uri));
    }
    Part p = fetch(uri, redact(uri), retry, bounds, 0, BLOCK - 1);
    byte[] first = p.bytes();
    if (p.total() > first.length && first.length < BLOCK) {
      throw new RasterReadException(
          "server sent " + first.length + " bytes for a range of " + BLOCK, redact(uri));
    }
    return new HttpByteSource(uri, retry, bounds, p.total(), first);
  }

  /** The URL without user-info and query, for messages. */
  public static String redact(URI uri) {
    StringBuilder sb = new StringBuilder();
    if (uri.getScheme() != null) {
      sb.append(uri.getScheme()).append("://");
    }
    if (uri.getHost() != null) {
      sb.append(uri.getHost());
      if (uri.getPort() >= 0) {
        sb.append(':').append(uri.getPort());
      }
    }
    sb.append(uri.getRawPath() == null ? "" : uri.getRawPath());
    if (uri.getRawQuery() != null) {
      sb.append("?<redacted>");
    }
    return Redaction.redact(sb.toString());
  }

  @Override
  public void read(long pos, ByteBuffer dst) {
    int len = dst.remaining();
    if (pos < 0 || pos + len > size) {
      throw new RasterReadException(
          "truncated file: needs bytes " + pos + ".." + (pos + len) + " but it has " + size,
          location);
    }
    if (len == 0) {
      return;
    }
    if (len > BLOCK) {
      dst.put(fetch(uri, location, retry, bounds, pos, pos + len - 1).bytes());
      return;
    }
    long end = pos + len;
    for (long b = pos / BLOCK; b * BLOCK < end; b++) {
      byte[] block = block(b);
      long bs = b * BLOCK;
      int from = (int) (Math.max(pos, bs) - bs);
      int to = (int) (Math.min(end, bs + block.length) - bs);
      dst.put(block, from, to - from);
    }
  }

  /**
   * Fetches exactly the requested bytes: pixel blocks are read once, and rounding them to cache
   * blocks would transfer bytes of neighbouring blocks and evict the header. A part that lies in
   * cached blocks (the first blocks of a file are often right after its header) is copied from them
   * rather than transferred again.
   */
  @Override
  public void readDirect(long pos, ByteBuffer dst) {
    int len = dst.remaining();
    if (len == 0 || pos < 0 || pos + len > size) {
      read(pos, dst);
      return;
    }
    long end = pos + len;
    long p = pos;
    synchronized (cache) {
      // Cached blocks at the start.
      for (byte[] hit = cache.get(p / BLOCK); hit != null && p < end; hit = cache.get(p / BLOCK)) {
        long bs = (p / BLOCK) * BLOCK;
        int to = (int) (Math.min(end, bs + hit.length) - bs);
        dst.put(hit, (int) (p - bs), to - (int) (p - bs));
        p = bs + to;
        if (to < BLOCK) {
          break;
        }
      }
    }
    if (p < end) {
      dst.put(fetch(uri, location, retry, bounds, p, end - 1).bytes());
    }
  }

  private byte[] block(long b) {
    synchronized (cache) {
      byte[] hit = cache.get(b);
      if (hit != null) {
        return hit;
      }
    }
    long a = b * BLOCK;
    byte[] got = fetch(uri, location, retry, bounds, a, Math.min(size, a + BLOCK) - 1).bytes();
    synchronized (cache) {
      cache.put(b, got);
    }
    return got;
  }

  private record Part(byte[] bytes, long total) {}

  private static Part fetch(URI uri, String loc, RetryPolicy retry, Bounds bounds, long a, long b) {
    long requested = b - a + 1;
    for (int attempt = 1; ; attempt++) {
      long left = bounds.deadlineNanos() - System.nanoTime();
      if (left <= 0) {
        throw new RasterReadException(
            "gave up reading bytes "
                + a
                + "-"
                + b
                + ": the overall deadline of "
                + bounds.total()
                + " for this file has passed",
            loc);
      }
      Duration wait =
          bounds.request().compareTo(Duration.ofNanos(left)) < 0
              ? bounds.request()
              : Duration.ofNanos(left);
      HttpRequest req =
          HttpRequest.newBuilder(uri)
              .timeout(wait)
              .header("Range", "bytes=" + a + "-" + b)
              .GET()
              .build();
      String failure;
      Exception cause = null;
      CompletableFuture<HttpResponse<byte[]>> future =
          CLIENT.sendAsync(
              req,
              info ->
                  info.statusCode() == 206 ? new BoundedBody(requested) : BoundedBody.discard());
      try {
        // The JDK timeout covers the response headers only; this bounds the body too.
        HttpResponse<byte[]> rsp = future.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        int status = rsp.statusCode();
        if (status == 206) {
          return part(rsp, loc, a, b);
        }
        if (status == 200) {
          throw new UnsupportedRasterException(
              "server ignores HTTP range requests (answered 200 instead of 206);"
                  + " remote reads need a server with range support",
              loc);
        }
        if (status == 416) {
          throw new RasterReadException(
              "server refused byte range " + a + "-" + b + " (HTTP 416)", loc);
        }
        if (status != 429 && status < 500) {
          throw new RasterReadException(
              "HTTP " + status + (status == 404 ? " (not found)" : ""), loc);
        }
        failure = "HTTP " + status;
      } catch (TimeoutException e) {
        future.cancel(true);
        failure = "no complete response within " + wait.toMillis() + " ms";
        cause = e;
      } catch (ExecutionException e) {
        Throwable c = e.getCause() == null ? e : e.getCause();
        failure = safe(c.toString(), uri, loc);
        cause = c instanceof Exception ex ? ex : e;
      } catch (InterruptedException e) {
        future.cancel(true);
        Thread.currentThread().interrupt();
        throw new RasterReadException("interrupted while reading", loc, e);
      }
      if (!retry.canRetryAfter(attempt)) {
        throw new RasterReadException(
            "cannot read bytes " + a + "-" + b + " after " + attempt + " attempt(s): " + failure,
            loc,
            cause);
      }
      LOG.debug("retrying range {}-{} of {} after {}", a, b, loc, failure);
      try {
        long pause = retry.delayAfter(attempt).toMillis();
        Thread.sleep(
            Math.max(0, Math.min(pause, (bounds.deadlineNanos() - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RasterReadException("interrupted while reading", loc, e);
      }
    }
  }

  private static Part part(HttpResponse<byte[]> rsp, String loc, long a, long b) {
    String cr = rsp.headers().firstValue("Content-Range").orElse("");
    Matcher m = CONTENT_RANGE.matcher(cr);
    if (!m.find() || Long.parseLong(m.group(1)) != a || m.group(3).equals("*")) {
      throw new RasterReadException(
          "server answered 206 without a usable Content-Range for bytes " + a + "-" + b, loc);
    }
    long last = Long.parseLong(m.group(2));
    long total = Long.parseLong(m.group(3));
    long want = Math.min(b, total - 1) - a + 1;
    if (last - a + 1 != want || want > Integer.MAX_VALUE) {
      throw new RasterReadException(
          "server sent range " + cr + " for requested bytes " + a + "-" + b, loc);
    }
    byte[] bytes = rsp.body();
    if (bytes.length != want) {
      throw new RasterReadException(
          "response ended after " + bytes.length + " of " + want + " bytes", loc);
    }
    return new Part(bytes, total);
  }

  /** A message with the full URL (query included) replaced by its redacted form. */
  private static String safe(String text, URI uri, String loc) {
    String t = text.replace(uri.toString(), loc);
    if (uri.getRawQuery() != null) {
      t = t.replace(uri.getRawQuery(), "<redacted>");
    }
    return Redaction.redact(t);
  }

  @Override
  public boolean prefersFewReads() {
    return true;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public void close() {
    synchronized (cache) {
      cache.clear();
    }
  }
}
