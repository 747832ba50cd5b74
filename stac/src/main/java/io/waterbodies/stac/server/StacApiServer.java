package io.waterbodies.stac.server;

import com.sun.net.httpserver.HttpServer;
import io.waterbodies.core.concurrent.DaemonThreads;
import io.waterbodies.core.secret.Secret;
import io.waterbodies.stac.StacException;
import io.waterbodies.stac.server.internal.ApiHandler;
import io.waterbodies.stac.server.internal.ReadDeadlines;
import io.waterbodies.stac.server.internal.WriteAccess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An embeddable STAC API server on the JDK's {@code com.sun.net.httpserver}: landing page,
 * conformance, collections, items, {@code /search} (GET and POST) with paging, sorting and basic
 * CQL2, and transactions, all served from a {@link StacStore}.
 *
 * <p>Security: transactions are off unless the builder sets a {@link Builder#writeToken(Secret)
 * write token} (or explicitly {@link Builder#allowWritesWithoutToken() opens} them); slow clients
 * are disconnected after {@link Builder#headerTimeout(Duration)} / {@link
 * Builder#bodyTimeout(Duration)}; CQL2 {@code LIKE} runs in linear time and filters nest at most
 * 400 levels deep.
 *
 * <pre>{@code
 * try (StacApiServer server = StacApiServer.builder().store(new InMemoryStacStore()).port(0).build()) {
 *   server.start();
 *   URI api = server.uri(); // http://127.0.0.1:54321/
 * }
 * }</pre>
 *
 * <p>Loading this class sets the system property {@code sun.net.httpserver.nodelay} to {@code true}
 * unless it is already set, because without it every response of the JDK server is delayed by about
 * 40 ms.
 *
 * <p>Spatial searches ({@code bbox}, {@code intersects}, CQL2 {@code s_intersects} with a GeoJSON
 * geometry or {@code BBOX}) match item geometries exactly, like PostGIS {@code ST_Intersects} in
 * pgstac: an item matches when its geometry shares at least one point with the query geometry,
 * boundaries included (touching counts), so a thin diagonal footprint is not returned for a query
 * that only overlaps its bounding box. All geometry types are supported, polygons with holes and
 * GeometryCollections included. Items whose {@code geometry} is null never match a spatial query;
 * an item whose stored geometry is invalid is matched by its {@code bbox} (with a warning in the
 * log). Invalid query geometries are answered with 400 naming the problem and where it is (e.g.
 * {@code coordinates[0]: the ring is not closed}).
 *
 * <p>Limits: geometries are planar in longitude/latitude degrees (edges are straight lines in that
 * plane, not geodesics), and nothing wraps at the antimeridian except {@code bbox} and {@code BBOX}
 * queries with {@code west > east}, which are split into two boxes at ±180. Decisions are exact for
 * the given double coordinates (robust orientation tests). Each search tests every candidate item
 * (no spatial index): a box prefilter and the item's box settle most items, the others cost one
 * exact test, linear in the product of the two geometries' edge counts at worst.
 */
public final class StacApiServer implements AutoCloseable {
  static {
    // The JDK server sends headers and body in separate writes; with Nagle's algorithm on, each
    // response then waits ~40 ms for the client's delayed ACK. The setting is read once, when the
    // JDK server is first used in this JVM, so an explicit choice by the application wins.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final Builder config;
  private HttpServer server;
  private ExecutorService executor;
  private ReadDeadlines deadlines;
  private volatile URI uri;

  private StacApiServer(Builder b) {
    // A copy: changing the builder later must not change this built object.
    this.config = b.copy();
  }

  /** A builder; a store is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds the port and starts serving.
   *
   * @throws StacException when the address cannot be bound
   * @throws IllegalStateException when already started
   */
  public synchronized StacApiServer start() {
    if (server != null) {
      throw new IllegalStateException("already started");
    }
    try {
      server = HttpServer.create(new InetSocketAddress(config.host, config.port), 128);
    } catch (IOException e) {
      throw new StacException(
          "cannot bind " + config.host + ":" + config.port + ": " + e.getMessage(), e);
    }
    int port = server.getAddress().getPort();
    String host = config.host.contains(":") ? "[" + config.host + "]" : config.host;
    uri = URI.create("http://" + host + ":" + port + "/");
    deadlines =
        new ReadDeadlines(config.headerTimeout, config.bodyTimeout, "stac-api-server-" + port);
    server.createContext(
        "/",
        new ApiHandler(
            config.store,
            () -> uri,
            config.id,
            config.title,
            config.description,
            config.maxBodyBytes,
            config.writes,
            deadlines));
    executor =
        Executors.newFixedThreadPool(config.threads, DaemonThreads.named("stac-api-" + port));
    server.setExecutor(deadlines.wrap(executor));
    server.start();
    return this;
  }

  /**
   * The root URL, e.g. {@code http://127.0.0.1:54321/}.
   *
   * @throws IllegalStateException before {@link #start()}
   */
  public URI uri() {
    URI u = uri;
    if (u == null) {
      throw new IllegalStateException("not started");
    }
    return u;
  }

  /** The store being served. */
  public StacStore store() {
    return config.store;
  }

  /** Stops serving and releases the port and threads. */
  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      deadlines.close();
      server = null;
    }
  }

  @Override
  public String toString() {
    return "StacApiServer[" + (uri == null ? "not started" : uri) + ", " + config.store + "]";
  }

  /** Configures a {@link StacApiServer}; {@link #build()} checks the settings. */
  public static final class Builder implements Cloneable {
    private StacStore store;
    private String host = "127.0.0.1";
    private int port = 0;
    private int threads = 16;
    private long maxBodyBytes = 16L * 1024 * 1024;
    private Duration headerTimeout = Duration.ofSeconds(10);
    private Duration bodyTimeout = Duration.ofSeconds(30);
    private WriteAccess writes = WriteAccess.disabled();
    private String id = "waterbodies-stac-api";
    private String title = "waterbodies STAC API";
    private String description = "An embedded STAC API served by the waterbodies SDK.";

    private Builder() {}

    /** A field-by-field copy (every field holds an immutable value). */
    private Builder copy() {
      try {
        return (Builder) super.clone();
      } catch (CloneNotSupportedException e) {
        throw new AssertionError(e);
      }
    }

    /** The data to serve. */
    public Builder store(StacStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** The address to bind (default 127.0.0.1). */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The port; 0 (the default) picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * Worker threads (default 16, whatever the number of processors: a worker also waits for its
     * client's request and response, so the pool is sized for connections, not for CPUs).
     */
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /**
     * The time a client has to send its request line and headers, after its first byte (default 10
     * s); a slower client is disconnected so that it cannot hold a worker thread.
     */
    public Builder headerTimeout(Duration timeout) {
      this.headerTimeout = Objects.requireNonNull(timeout, "headerTimeout");
      return this;
    }

    /** The time a client has to send its request body (default 30 s). */
    public Builder bodyTimeout(Duration timeout) {
      this.bodyTimeout = Objects.requireNonNull(timeout, "bodyTimeout");
      return this;
    }

    /**
     * Allows the transactions endpoints (create, replace, delete) to clients sending {@code
     * Authorization: Bearer <token>}; others get 401 (no token) or 403 (a wrong one). Without this
     * or {@link #allowWritesWithoutToken()}, transactions are refused with 403.
     */
    public Builder writeToken(Secret token) {
      this.writes = WriteAccess.token(Objects.requireNonNull(token, "token"));
      return this;
    }

    /**
     * Allows the transactions endpoints to anyone who can reach the server. Meant for in-process
     * use on the loopback interface (tests, a demo's result catalog); prefer {@link
     * #writeToken(Secret)} otherwise.
     */
    public Builder allowWritesWithoutToken() {
      this.writes = WriteAccess.open();
      return this;
    }

    /** The largest request body accepted; larger ones get 413 (default 16 MiB). */
    public Builder maxBodyBytes(long bytes) {
      this.maxBodyBytes = bytes;
      return this;
    }

    /** The landing page's id, title and description. */
    public Builder landingPage(String id, String title, String description) {
      this.id = Objects.requireNonNull(id, "id");
      this.title = Objects.requireNonNull(title, "title");
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    /**
     * The server, not yet started.
     *
     * @throws IllegalArgumentException when the store is missing or a setting is out of range
     */
    public StacApiServer build() {
      if (store == null) {
        throw new IllegalArgumentException("a StacStore is required: call store(...)");
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, got " + port);
      }
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1, got " + threads);
      }
      if (headerTimeout.isNegative() || headerTimeout.isZero()) {
        throw new IllegalArgumentException("headerTimeout must be positive");
      }
      if (bodyTimeout.isNegative() || bodyTimeout.isZero()) {
        throw new IllegalArgumentException("bodyTimeout must be positive");
      }
      if (maxBodyBytes < 1) {
        throw new IllegalArgumentException("maxBodyBytes must be positive");
      }
      return new StacApiServer(this);
    }
  }
}
