package io.waterbodies.detection;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback HTTP server for tests serving byte arrays with range requests; in trickle mode it
 * sends the response headers at once, then one byte per interval, as a stuck or hostile server
 * does.
 */
final class RangeServer implements AutoCloseable {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");

  private final HttpServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private volatile long trickleMillis;

  RangeServer() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(pool);
    server.createContext(
        "/",
        ex -> {
          byte[] all = files.get(ex.getRequestURI().getPath());
          if (all == null) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
          }
          String range = ex.getRequestHeaders().getFirst("Range");
          Matcher m = range == null ? null : RANGE.matcher(range);
          int a = 0;
          int b = all.length - 1;
          int status = 200;
          if (m != null && m.matches()) {
            a = (int) Math.min(Long.parseLong(m.group(1)), all.length);
            b = (int) Math.min(Long.parseLong(m.group(2)), all.length - 1L);
            status = 206;
            ex.getResponseHeaders().set("Content-Range", "bytes " + a + "-" + b + "/" + all.length);
          }
          ex.getResponseHeaders().set("Accept-Ranges", "bytes");
          int n = Math.max(0, b - a + 1);
          ex.sendResponseHeaders(status, n == 0 ? -1 : n);
          try (OutputStream out = ex.getResponseBody()) {
            for (int i = a; i <= b; i++) {
              out.write(all[i]);
              if (trickleMillis > 0) {
                out.flush();
                Thread.sleep(trickleMillis);
              }
            }
            if (trickleMillis == 0) {
              out.flush();
            }
          } catch (IOException | InterruptedException e) {
            // The client gave up: expected in the timeout tests.
          }
          ex.close();
        });
    server.start();
  }

  /** Serves {@code bytes} at {@code path}; returns its URL. */
  URI put(String path, byte[] bytes) {
    files.put(URI.create(path).getPath(), bytes);
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /** From now on, sends response bodies one byte per {@code millis} (0: at once). */
  RangeServer trickle(long millis) {
    this.trickleMillis = millis;
    return this;
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
