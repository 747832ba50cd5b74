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
}
