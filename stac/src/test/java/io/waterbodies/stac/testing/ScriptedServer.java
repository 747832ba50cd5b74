package io.waterbodies.stac.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A tiny HTTP server for tests: every request is recorded and answered by a function chosen by the
 * test, so that quirks of real servers can be scripted.
 */
public final class ScriptedServer implements AutoCloseable {
  static {
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  /** A request as received. */
  public record Request(String method, URI uri, Map<String, String> headers, String body) {
    /** A header by lower-case name, or null. */
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The path. */
    public String path() {
      return uri.getPath();
    }
  }

  /** A canned answer. */
  public record Response(int status, Map<String, String> headers, byte[] body) {
    /** A JSON answer. */
    public static Response json(int status, String json) {
      return new Response(
          status,
          Map.of("Content-Type", "application/json"),
          json.getBytes(StandardCharsets.UTF_8));
    }

    /** An answer with a content type. */
    public static Response of(int status, String contentType, String body) {
      return new Response(
          status, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8));
    }

    /** This answer with one more header. */
    public Response withHeader(String name, String value) {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put(name, value);
      return new Response(status, h, body);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch released = new CountDownLatch(1);
  private volatile Function<Request, Response> handler = r -> Response.json(404, "{}");

  /** Starts on an ephemeral loopback port. */
  public ScriptedServer() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        ex -> {
          Map<String, String> headers = new LinkedHashMap<>();
          ex.getRequestHeaders()
              .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
          String body;
          try (InputStream in = ex.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          }
          Request req = new Request(ex.getRequestMethod(), ex.getRequestURI(), headers, body);
          requests.add(req);
          Response resp;
          try {
            resp = handler.apply(req);
          } catch (RuntimeException e) {
            resp = Response.of(500, "text/plain", "test handler failed: " + e);
          }
          if (resp == null) {
            // Hang until the test ends: a server that never answers.
            try {
              released.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            ex.close();
            return;
          }
          resp.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
          ex.sendResponseHeaders(resp.status(), resp.body().length == 0 ? -1 : resp.body().length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(resp.body());
          } catch (IOException e) {
            // The client gave up (for example after a size limit); nothing to do.
          }
          ex.close();
        });
    server.setExecutor(executor);
    server.start();
  }

  /** Sets how requests are answered. */
  public ScriptedServer handler(Function<Request, Response> h) {
    this.handler = h;
    return this;
  }

  /** The root URL, ending in a slash. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** Requests received so far, in order. */
  public List<Request> requests() {
    return new ArrayList<>(requests);
  }

  /** Requests to a path. */
  public List<Request> requests(String path) {
    List<Request> out = new ArrayList<>();
    for (Request r : requests) {
      if (r.path().equals(path)) {
        out.add(r);
      }
    }
    return out;
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
