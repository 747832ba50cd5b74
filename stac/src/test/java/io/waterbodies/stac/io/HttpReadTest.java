package io.waterbodies.stac.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.waterbodies.core.json.JsonLimits;
import io.waterbodies.stac.SharedFiles;
import io.waterbodies.stac.StacIoException;
import io.waterbodies.stac.StacLimitException;
import io.waterbodies.stac.catalog.StaticCatalog;
import io.waterbodies.stac.model.Catalog;
import io.waterbodies.stac.model.Item;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reading over HTTP from a loopback server that serves the shared STAC 1.1.0 examples. */
class HttpReadTest {
  private final CountDownLatch release = new CountDownLatch(1);
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private HttpServer server;
  private URI base;

  @BeforeEach
  void start() throws IOException {
    Path root = SharedFiles.stacExamples().resolve("1.1.0").toAbsolutePath().normalize();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          Path file = root.resolve(path.substring(1)).normalize();
          byte[] body;
          int status;
          if (path.equals("/huge.json")) {
            // Declares a length over the limit; the reader must refuse before reading it.
            // Keep the connection open until the test is done, so the client sees the headers and
            // decides on them, not on a connection closed early.
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 5_000_000);
            exchange.getResponseBody().write("{\"type\":".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
          }
          if (file.startsWith(root) && Files.isRegularFile(file)) {
            body = Files.readAllBytes(file);
            status = 200;
          } else {
            body = "{\"code\":\"NotFound\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            status = 404;
          }
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  @Test
  void readsADocumentAndRecordsItsUrl() {
    URI uri = base.resolve("catalog.json");
    Catalog c = (Catalog) StacReader.create().read(uri);
    assertThat(c.id()).isEqualTo("examples");
    assertThat(c.location()).contains(uri);
  }

  @Test
  void walksACatalogOverHttpResolvingRelativeHrefsAgainstUrls() {
    StaticCatalog cat = StaticCatalog.open(base.resolve("catalog.json"));
    List<Item> items;
    try (Stream<Item> s = cat.allItems()) {
      items = s.toList();
    }
    assertThat(items)
        .extracting(Item::id)
        .containsExactlyInAnyOrder("CS3-20160503_132131_08", "proj-example");
    Item proj = items.stream().filter(i -> i.id().equals("proj-example")).findFirst().orElseThrow();
    assertThat(proj.location())
        .contains(base.resolve("extensions-collection/proj-example/proj-example.json"));
  }

  @Test
  void httpErrorsAreIoErrorsNamingTheUrl() {
    URI uri = base.resolve("missing.json");
    assertThatThrownBy(() -> StacReader.create().read(uri))
        .isInstanceOf(StacIoException.class)
        .hasMessageContaining(uri.toString())
        .hasMessageContaining("HTTP 404");
  }

  @Test
  void declaredLengthOverTheLimitIsRefused() {
    StacReader reader =
        StacReader.builder().limits(JsonLimits.DEFAULT.withMaxDocumentBytes(1_000_000)).build();
    assertThatThrownBy(() -> reader.read(base.resolve("huge.json")))
        .isInstanceOf(StacLimitException.class)
        .hasMessageContaining("huge.json")
        .hasMessageContaining("5000000 bytes");
  }

  @Test
  void readsThroughAUrlToo() throws Exception {
    assertThat(StacReader.create().read(base.resolve("simple-item.json").toURL()))
        .isInstanceOf(Item.class);
  }
}
