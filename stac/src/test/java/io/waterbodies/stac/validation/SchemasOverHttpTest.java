package io.waterbodies.stac.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.waterbodies.stac.SharedFiles;
import io.waterbodies.stac.io.StacReader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The schema layer loading its schemas from a URL base (a loopback server serving the folder). */
class SchemasOverHttpTest {
  private HttpServer server;
  private URI base;
  private final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    Path root = SharedFiles.stacSchemas().toAbsolutePath().normalize();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/schemas/",
        exchange -> {
          requests.incrementAndGet();
          Path file = root.resolve(exchange.getRequestURI().getPath().substring(9)).normalize();
          boolean ok = file.startsWith(root) && Files.isRegularFile(file);
          byte[] body = ok ? Files.readAllBytes(file) : new byte[0];
          exchange.sendResponseHeaders(ok ? 200 : 404, ok ? body.length : -1);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/schemas");
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void validatesAgainstSchemasServedFromAUrlBase() {
    StacValidator v = StacValidator.builder().schemas(base).build();
    ObjectNode item =
        (ObjectNode)
            StacReader.create()
                .readTree(SharedFiles.stacExamples().resolve("1.0.0/core-item.json"));
    assertThat(Finding.valid(v.validate(item))).isTrue();
    assertThat(requests.get()).isGreaterThan(3);
    ((ObjectNode) item.at("/geometry")).set("coordinates", item.arrayNode());
    ((ArrayNode) item.at("/geometry/coordinates")).add("x");
    List<Finding> findings = v.validate(item);
    assertThat(findings)
        .anySatisfy(
            f -> {
              assertThat(f.layer()).isEqualTo(Finding.Layer.SCHEMA);
              assertThat(f.pointer()).startsWith("/geometry/coordinates");
            });
  }
}
