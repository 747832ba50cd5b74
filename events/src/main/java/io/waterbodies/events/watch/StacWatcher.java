package io.waterbodies.events.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.events.NotAStreamException;
import io.waterbodies.events.RedisAccess;
import io.waterbodies.events.internal.Connections;
import io.waterbodies.events.internal.PollLoop;
import io.waterbodies.events.metrics.ComponentHealth;
import io.waterbodies.events.metrics.ComponentMetrics;
import io.waterbodies.events.metrics.MetricsSnapshot;
import io.waterbodies.events.watch.internal.RedisWatcherPort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a STAC search over advancing time windows and emits one Redis event per new item.
 *
 * <p>Each poll searches {@code [checkpoint - lookback, min(checkpoint + window, now)]}; the overlap
 * catches items indexed late. An item is emitted only if its {@code collection/id} is not yet in
 * the watcher's seen-set; marking it seen and emitting it happen in one Lua script, so a crash can
 * neither lose nor repeat an item. After a window is done the checkpoint moves to its end. Seen-set
 * and checkpoint live in Redis under {@code <stateKey>:seen} and {@code <stateKey>:checkpoint}, so
 * a restarted watcher resumes where it stopped. API failures back off per the retry policy and the
 * window is retried.
 *
 * <pre>{@code
 * try (StacWatcher w = StacWatcher.builder().source(search).since(Instant.parse("2024-01-01T00:00:00Z"))
 *     .target(WatchTarget.stream("STREAM")).build().start()) { ... }
 * }</pre>
 */
public final class StacWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StacWatcher.class);

  private final Builder config;
  private final WatcherPort port;
  private final ComponentMetrics metrics = new ComponentMetrics("watcher");
  private PollLoop loop;

  private StacWatcher(Builder b) {
    // A copy: changing the builder later must not change this built object.
    this.config = b.copy();
    this.port =
        b.port != null
            ? b.port
            : new RedisWatcherPort(b.redis, b.connectPolicy, b.target, b.stateKey, b.maxLength);
    metrics.lagSupplier(this::windowsBehind);
  }

  /** A builder; {@link Builder#source} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The counters: in = items found, out = events emitted, duplicates = items already emitted. */
  public MetricsSnapshot metrics() {
    return metrics.snapshot();
  }

  /**
   * Running (polling), connected (the port's connection is open), lag (windows behind now: 0 when
   * caught up, -1 when the checkpoint cannot be read) and the latest failure.
   */
  public ComponentHealth health() {
    boolean polling;
    synchronized (this) {
      polling = loop != null && loop.isRunning();
    }
    return ComponentHealth.of(metrics, polling, port.connected());
  }

  private long windowsBehind() {
    Duration behind = Duration.between(checkpoint(), config.clock.instant());
    return behind.isNegative() ? 0 : behind.toMillis() / Math.max(1, config.window.toMillis());
  }

  /** The next window's start, as stored in Redis (or the configured start). */
  public Instant checkpoint() {
    return port.checkpoint().orElse(config.since);
  }

  /**
   * Searches the next window and emits its new items.
   *
   * @return the number of events emitted
   * @throws RuntimeException when the search or Redis fails (the checkpoint does not move)
   */
  public int pollOnce() {
    Instant now = config.clock.instant();
    Instant start = checkpoint();
    Instant from = start.minus(config.lookback);
    if (from.isBefore(config.since)) {
      from = config.since;
    }
    Instant to = start.plus(config.window);
    if (to.isAfter(now)) {
      to = now;
    }
    if (!to.isAfter(from)) {
      return 0;
    }
    List<JsonNode> items = config.source.search(from, to);
    int emitted = 0;
    for (JsonNode item : items) {
      metrics.in();
      if (emit(item)) {
        emitted++;
        metrics.out();
      } else {
        metrics.duplicate();
      }
    }
    port.checkpoint(to);
    port.forget(from.minus(config.lookback).toEpochMilli());
    LOG.debug("watched {} .. {}: {} item(s), {} new", from, to, items.size(), emitted);
    return emitted;
  }

  private boolean emit(JsonNode item) {
    String id = item.path("id").asText("");
    String collection = item.path("collection").asText("");
    if (id.isEmpty()) {
      metrics.failed();
      LOG.warn("skipping a search result without an id");
      return false;
    }
    Optional<String> href = selfLink(item).or(() -> config.source.itemUrl(item));
    if (href.isEmpty()) {
      metrics.failed();
      LOG.warn("skipping item {}/{}: it has no self link", collection, id);
      return false;
    }
    String datetime = datetime(item);
    double score;
    try {
      score = Instant.parse(datetime).toEpochMilli();
    } catch (DateTimeParseException e) {
      score = config.clock.millis();
    }
    ObjectNode body = Json.object();
    body.put("subject", href.get());
    body.put("producer", config.producer);
    body.put("href", href.get());
    body.put("id", id);
    body.put("collection", collection);
    body.put("datetime", datetime);
    return port.emit(collection + "/" + id, (long) score, body);
  }

  private static Optional<String> selfLink(JsonNode item) {
    for (JsonNode l : item.path("links")) {
      if ("self".equals(l.path("rel").asText()) && l.hasNonNull("href")) {
        return Optional.of(l.get("href").asText());
      }
    }
    return Optional.empty();
  }

  private static String datetime(JsonNode item) {
    JsonNode p = item.path("properties");
    for (String f : new String[] {"datetime", "start_datetime", "end_datetime"}) {
      if (p.hasNonNull(f) && !p.get(f).asText().isEmpty()) {
        return p.get(f).asText();
      }
    }
    return "";
  }

  /** Polls on a background thread until closed: at once while catching up, else every interval. */
  public synchronized StacWatcher start() {
    if (loop != null) {
      return this;
    }
    loop =
        PollLoop.start(
            "stac-watcher",
            () -> "STAC watch of " + config.source.describe(),
            () -> {
              pollOnce();
              boolean caughtUp = !checkpoint().isBefore(config.clock.instant().minusSeconds(1));
              return caughtUp ? config.pollInterval : Duration.ZERO;
            },
            config.backoff,
            e -> {
              metrics.failed();
              metrics.error(Connections.reason(e));
            },
            LOG);
    LOG.info(
        "watching {} from {} into {} {}",
        config.source.describe(),
        checkpoint(),
        config.port != null ? "a custom port" : config.target.pubSub() ? "channel" : "stream",
        config.port != null ? "" : config.target.name());
    return this;
  }

  /** Stops polling (the window in progress completes or is retried next time) and disconnects. */
  @Override
  public synchronized void close() {
    if (loop != null) {
      loop.close();
    }
    port.close();
  }

  /** Builds a {@link StacWatcher}. */
  public static final class Builder implements Cloneable {
    private StacSearchSource source;
    private RedisAccess redis = RedisAccess.uri("redis://127.0.0.1:6379");
    private long maxLength;
    private WatchTarget target = WatchTarget.stream(WatchTarget.DEFAULT_STREAM);
    private String producer = "waterbodies-stac-watcher";
    private Instant since;
    private Duration window = Duration.ofDays(1);
    private Duration lookback = Duration.ofHours(1);
    private Duration pollInterval = Duration.ofSeconds(60);
    private String stateKey;
    private WatcherPort port;
    private Clock clock = Clock.systemUTC();
    private RetryPolicy connectPolicy = RetryPolicy.builder().maxAttempts(5).build();
    private RetryPolicy backoff =
        RetryPolicy.builder()
            .maxAttempts(Integer.MAX_VALUE)
            .initialDelay(Duration.ofSeconds(1))
            .maxDelay(Duration.ofMinutes(5))
            .build();

    private Builder() {}

    /** A field-by-field copy (every field holds an immutable value). */
    private Builder copy() {
      try {
        return (Builder) super.clone();
      } catch (CloneNotSupportedException e) {
        throw new AssertionError(e);
      }
    }

    /** The search (required). */
    public Builder source(StacSearchSource v) {
      this.source = Objects.requireNonNull(v);
      return this;
    }

    /** The Redis URI (default {@code redis://127.0.0.1:6379}). */
    public Builder redisUri(String v) {
      this.redis = RedisAccess.uri(Objects.requireNonNull(v));
      return this;
    }

    /**
     * How to reach Redis the host's way: a Lettuce {@code RedisURI} (TLS, ACL user, Sentinel) or
     * the host's {@code RedisClient}, which the watcher never shuts down.
     */
    public Builder redis(RedisAccess v) {
      this.redis = Objects.requireNonNull(v);
      return this;
    }

    /**
     * Stream target: keep about this many entries ({@code XADD MAXLEN ~ n}: Redis trims whole
     * nodes, so slightly more stay); 0, the default, never trims. Keep it well above what the event
     * source may still have to read, or entries are lost before being forwarded.
     */
    public Builder maxLength(long v) {
      if (v < 0) {
        throw new IllegalArgumentException("maxLength must not be negative: " + v);
      }
      this.maxLength = v;
      return this;
    }

    /** Where events go (default stream {@code STREAM}). */
    public Builder target(WatchTarget v) {
      this.target = Objects.requireNonNull(v);
      return this;
    }

    /** The {@code producer} field (default {@code waterbodies-stac-watcher}). */
    public Builder producer(String v) {
      this.producer = Objects.requireNonNull(v);
      return this;
    }

    /** The first window's start, used until a checkpoint exists (default: a day ago). */
    public Builder since(Instant v) {
      this.since = Objects.requireNonNull(v);
      return this;
    }

    /** The longest window searched at once (default 1 day). */
    public Builder window(Duration v) {
      this.window = Objects.requireNonNull(v);
      return this;
    }

    /** How far each window reaches back before the checkpoint (default 1 hour). */
    public Builder lookback(Duration v) {
      this.lookback = Objects.requireNonNull(v);
      return this;
    }

    /** The pause between polls once caught up (default 60 s). */
    public Builder pollInterval(Duration v) {
      this.pollInterval = Objects.requireNonNull(v);
      return this;
    }

    /**
     * The Redis key prefix of the seen-set and checkpoint (default {@code
     * waterbodies:watcher:<target>}); two watchers with the same key share their state.
     */
    public Builder stateKey(String v) {
      this.stateKey = Objects.requireNonNull(v);
      return this;
    }

    /**
     * Where the checkpoint and seen-set live and where events go, instead of Redis (the embedded
     * pipeline's in-memory bus uses this); the Redis settings are then unused. The watcher closes
     * the port when it is closed.
     */
    public Builder port(WatcherPort v) {
      this.port = Objects.requireNonNull(v);
      return this;
    }

    /** The clock (for tests). */
    public Builder clock(Clock v) {
      this.clock = Objects.requireNonNull(v);
      return this;
    }

    /** Retries when connecting at start. */
    public Builder connectPolicy(RetryPolicy v) {
      this.connectPolicy = Objects.requireNonNull(v);
      return this;
    }

    /** Delays after API or Redis failures while running. */
    public Builder backoff(RetryPolicy v) {
      this.backoff = Objects.requireNonNull(v);
      return this;
    }

    /**
     * Connects to Redis and checks the target.
     *
     * @throws io.waterbodies.events.EventsConnectionException when Redis stays unreachable
     * @throws NotAStreamException when the target stream key holds another type
     */
    public StacWatcher build() {
      Objects.requireNonNull(source, "source");
      if (window.isZero() || window.isNegative() || lookback.isNegative()) {
        throw new IllegalArgumentException("window must be positive and lookback not negative");
      }
      if (since == null) {
        since = clock.instant().minus(Duration.ofDays(1));
      }
      if (stateKey == null) {
        stateKey = "waterbodies:watcher:" + target.name();
      }
      return new StacWatcher(this);
    }
  }
}
