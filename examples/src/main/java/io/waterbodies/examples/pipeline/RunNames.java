package io.waterbodies.examples.pipeline;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.waterbodies.core.secret.Redaction;
import io.waterbodies.events.bus.EventBusConfig;
import io.waterbodies.events.pipeline.Pipeline;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Server-side names of one pipeline run that shares Redis and NATS with other runs (demos,
 * benchmarks): every Redis stream and key, JetStream stream, consumer and key-value bucket the run
 * creates carries {@link #prefix()}, which holds a random run id, so two runs at once never read
 * each other's events and never write under the production names ({@code STREAM}, {@code default},
 * {@code WATERBODIES}). {@link #remove} deletes exactly what carries the prefix.
 *
 * <pre>{@code
 * RunNames names = RunNames.random("demo");                 // prefix "demo-3f9c01ab"
 * Pipeline p = names.applyTo(Pipeline.builder()).source(...).workflow(...).build();
 * ... run ...
 * RunNames.Removal r = names.remove(redisUri, natsUri);    // what was deleted, what was left
 * }</pre>
 */
public final class RunNames {
  private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]{0,30}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String runId;
  private final String prefix;

  private RunNames(String kind, String runId) {
    this.runId = runId;
    this.prefix = kind + "-" + runId;
  }

  /**
   * Names for a new run of the given kind ({@code demo}, {@code bench}): lowercase letters, digits
   * and '-'.
   */
  public static RunNames random(String kind) {
    Objects.requireNonNull(kind, "kind");
    if (!KIND.matcher(kind).matches()) {
      throw new IllegalArgumentException(
          "run kind '" + kind + "' must be lowercase letters, digits and '-'");
    }
    byte[] b = new byte[4];
    RANDOM.nextBytes(b);
    return new RunNames(kind, HexFormat.of().formatHex(b));
  }

  /** The run id: 8 lowercase hex digits. */
  public String runId() {
    return runId;
  }

  /** {@code <kind>-<run id>}: part of every name the run uses on the servers. */
  public String prefix() {
    return prefix;
  }

  /** The Redis stream of item events. */
  public String itemStream() {
    return prefix + "-items";
  }

  /**
   * Sets the run's bus (stream and subjects), item stream, sensor name and completion streams; the
   * watcher's state keys, the sensor's durable consumers, dead-letter stream and completed-keys
   * bucket are derived from those, so they carry the prefix too.
   */
  public Pipeline.Builder applyTo(Pipeline.Builder b) {
    return b.bus(EventBusConfig.builder().name(prefix).maxAge(Duration.ofDays(1)).build()).stream(
            itemStream())
        .sensorName(prefix + "-sensor")
        .completionStreams(prefix + "-done", prefix + "-failed");
  }

  /**
   * What {@link #remove} deleted and what it could not (with the reason).
   *
   * @param removed the Redis keys and JetStream streams deleted
   * @param left what is still on a server, each with why
   */
  public record Removal(List<String> removed, List<String> left) {
    /** Copies the lists. */
    public Removal {
      removed = List.copyOf(removed);
      left = List.copyOf(left);
    }
  }

  /**
   * Deletes every Redis key and JetStream stream (key-value buckets are streams) whose name holds
   * {@link #prefix()}. A server that cannot be reached is reported in {@link Removal#left()}; this
   * never throws for a server problem.
   */
  public Removal remove(String redisUri, String natsUri) {
    List<String> removed = new ArrayList<>();
    List<String> left = new ArrayList<>();
    removeRedis(redisUri, removed, left);
    removeNats(natsUri, removed, left);
    return new Removal(removed, left);
  }

  private void removeRedis(String uri, List<String> removed, List<String> left) {
    RedisClient client;
    try {
      RedisURI ru = RedisURI.create(uri);
      ru.setTimeout(Duration.ofSeconds(5));
      client = RedisClient.create(ru);
    } catch (RuntimeException e) {
      left.add("Redis keys matching *" + prefix + "*: " + e.getMessage());
      return;
    }
    try (StatefulRedisConnection<String, String> conn = client.connect()) {
      RedisCommands<String, String> redis = conn.sync();
      ScanArgs match = ScanArgs.Builder.matches("*" + prefix + "*").limit(500);
      List<String> keys = new ArrayList<>();
      KeyScanCursor<String> cursor = redis.scan(match);
      keys.addAll(cursor.getKeys());
      while (!cursor.isFinished()) {
        cursor = redis.scan(ScanCursor.of(cursor.getCursor()), match);
        keys.addAll(cursor.getKeys());
      }
      for (String k : keys) {
        redis.del(k);
        removed.add("Redis " + k);
      }
    } catch (RuntimeException e) {
      left.add(unreachable("Redis keys", uri, e));
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  private void removeNats(String uri, List<String> removed, List<String> left) {
    Options o =
        Options.builder()
            .server(uri)
            .connectionTimeout(Duration.ofSeconds(5))
            .maxReconnects(0)
            .noReconnect()
            .build();
    try (Connection nc = Nats.connect(o)) {
      JetStreamManagement jsm = nc.jetStreamManagement();
      for (String s : jsm.getStreamNames()) {
        if (s.toLowerCase(Locale.ROOT).contains(prefix)) {
          try {
            jsm.deleteStream(s);
            removed.add("JetStream stream " + s);
          } catch (Exception e) {
            left.add("JetStream stream " + s + " (" + e.getMessage() + ")");
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      left.add("JetStream streams matching *" + prefix + "* (interrupted)");
    } catch (Exception e) {
      left.add(unreachable("JetStream streams", uri, e));
    }
  }

  private String unreachable(String what, String uri, Exception e) {
    return what
        + " matching *"
        + prefix
        + "* at "
        + Redaction.redact(uri)
        + " ("
        + e.getMessage()
        + ")";
  }

  @Override
  public String toString() {
    return "RunNames[" + prefix + "]";
  }
}
