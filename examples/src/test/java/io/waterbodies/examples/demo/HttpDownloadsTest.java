package io.waterbodies.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.waterbodies.detection.RasterReadException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Remote assets are downloaded once into the cache; failures name the href. */
class HttpDownloadsTest {
  @TempDir Path tmp;

  @Test
  void downloadsOnceAndPassesLocalFilesThrough() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          requests.incrementAndGet();
          byte[] body =
              ex.getRequestURI().getPath().endsWith("B03.tif")
                  ? "pixels".getBytes(StandardCharsets.US_ASCII)
                  : null;
          if (body == null) {
            ex.sendResponseHeaders(404, -1);
          } else {
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream os = ex.getResponseBody()) {
              os.write(body);
            }
          }
          ex.close();
        });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      HttpDownloads d = new HttpDownloads(tmp.resolve("cache"));
      Path p = d.resolve(URI.create(base + "/tiles/33/U/B03.tif"));
      assertThat(p).hasContent("pixels").startsWith(tmp.resolve("cache"));
      assertThat(d.resolve(URI.create(base + "/tiles/33/U/B03.tif"))).isEqualTo(p);
      assertThat(requests).hasValue(1);
      assertThat(Files.list(p.getParent())).containsExactly(p); // no partial files left

      assertThatThrownBy(() -> d.resolve(URI.create(base + "/tiles/33/U/B08.tif")))
          .isInstanceOf(RasterReadException.class)
          .hasMessageContaining("HTTP 404")
          .hasMessageContaining("B08.tif");

      Path local = Files.writeString(tmp.resolve("local.tif"), "x");
      assertThat(d.resolve(local.toUri())).isEqualTo(local);
    } finally {
      server.stop(0);
    }
  }

  /** A server sending {@code total} bytes one per {@code gapMillis}, chunked or with a length. */
  private static HttpServer trickling(int total, long gapMillis, boolean declareLength)
      throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.createContext(
        "/",
        ex -> {
          ex.sendResponseHeaders(200, declareLength ? total : 0);
          try (OutputStream os = ex.getResponseBody()) {
            for (int i = 0; i < total; i++) {
              os.write('x');
              if (gapMillis > 0) {
                os.flush();
                Thread.sleep(gapMillis);
              }
            }
          } catch (Exception e) {
            // The client gave up: expected.
          }
          ex.close();
        });
    server.start();
    return server;
  }

  private static URI url(HttpServer s, String path) {
    return URI.create("http://127.0.0.1:" + s.getAddress().getPort() + path);
  }

  @org.junit.jupiter.api.Timeout(120) // a safety net for the build; the downloads fail long before
  @Test
  void aTricklingServerHitsTheReadTimeoutAndLeavesNoFile() throws Exception {
    HttpServer server = trickling(1000, 2000, true);
    try {
      HttpDownloads d =
          new HttpDownloads(
              tmp.resolve("c"), Duration.ofMillis(500), Duration.ofMinutes(5), 1 << 20);
      assertThatThrownBy(() -> d.resolve(url(server, "/a/B03.tif?token=s3cr3t")))
          .isInstanceOf(RasterReadException.class)
          .hasMessageContaining("read timeout")
          .hasMessageNotContaining("s3cr3t");
      try (var files = Files.walk(tmp.resolve("c"))) {
        assertThat(files.filter(Files::isRegularFile)).isEmpty();
      }
    } finally {
      server.stop(0);
    }
  }

  @org.junit.jupiter.api.Timeout(120)
  @Test
  void aSlowButSteadyServerHitsTheDeadline() throws Exception {
    HttpServer server = trickling(100_000, 50, false);
    try {
      HttpDownloads d =
          new HttpDownloads(
              tmp.resolve("c"), Duration.ofSeconds(10), Duration.ofSeconds(1), 1 << 20);
      assertThatThrownBy(() -> d.resolve(url(server, "/a/B03.tif")))
          .isInstanceOf(RasterReadException.class)
          .hasMessageContaining("deadline of PT1S");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void downloadsOverTheSizeLimitAreRefused() throws Exception {
    for (boolean declared : new boolean[] {true, false}) {
      HttpServer server = trickling(5000, 0, declared);
      try {
        HttpDownloads d =
            new HttpDownloads(
                tmp.resolve("c" + declared), Duration.ofSeconds(10), Duration.ofMinutes(1), 1000);
        assertThatThrownBy(() -> d.resolve(url(server, "/a/B03.tif")))
            .isInstanceOf(RasterReadException.class)
            .hasMessageContaining("exceeds the limit of 1000 bytes");
        try (var files = Files.walk(tmp.resolve("c" + declared))) {
          assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
      } finally {
        server.stop(0);
      }
    }
  }
}
