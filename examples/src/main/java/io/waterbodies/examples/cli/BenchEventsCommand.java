package io.waterbodies.examples.cli;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.waterbodies.core.json.Json;
import io.waterbodies.events.bus.EventBus;
import io.waterbodies.events.bus.EventBusConfig;
import io.waterbodies.events.envelope.Envelope;
import io.waterbodies.events.envelope.EventIds;
import io.waterbodies.events.sensor.Sensor;
import io.waterbodies.events.sensor.SensorSpec;
import io.waterbodies.events.source.RedisEventSource;
import io.waterbodies.events.source.RedisEventSourceConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code waterbodies bench events}: throughput Redis -> JetStream, throughput through the sensor to
 * a no-op trigger (a cold run, then a warm one), and XADD-to-trigger latency at a fixed rate, next
 * to {@code redis-benchmark} and a raw jnats JetStream publish loop as the physical ceilings, and a
 * JetStream publish round trip at the same rate as the latency's floor; a summary prints each
 * figure as a ratio to its ceiling and against its goal ({@link #SENSOR_GOAL}, {@link
 * #LATENCY_GOAL_MS}), with the machine's load. Uses unique stream names and deletes them
 * afterwards.
 */
@Command(
    name = "events",
    mixinStandardHelpOptions = true,
    description = "Benchmark the events pipeline against the local Redis and NATS.")
final class BenchEventsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ConnectionOptions.Redis redis;

  @Mixin ConnectionOptions.Nats nats;

  @Option(names = "--events", defaultValue = "20000", description = "Events per throughput run.")
  int events;

  @Option(
      names = "--rate",
      defaultValue = "2000",
      description = "Events/s for the latency run (the p99 goal is set at 2,000).")
  int rate;

  @Option(
      names = "--latency-seconds",
      defaultValue = "10",
      description = "Length of the latency run.")
  int latencySeconds;

  @Option(
      names = "--latency-warmup",
      defaultValue = "10",
      description =
          "Seconds at the same rate before the latency run, not measured (the JIT compiles the"
              + " source and sensor at that rate first).")
  int latencyWarmup;

  @Option(
      names = "--batch",
      defaultValue = "100",
      description = "Messages the sensor fetches per pull in the throughput run.")
  int batch;

  @Option(
      names = "--sensor-runs",
      defaultValue = "3",
      description = "Sensor throughput runs in a row; the last counts as warm (JIT compiled).")
  int sensorRuns;

  /** The sensor's throughput goal (issue 16), in events/s on 2 cores. */
  static final double SENSOR_GOAL = 10_000;

  /** The XADD -> trigger p99 goal at 2,000 events/s, in milliseconds. */
  static final double LATENCY_GOAL_MS = 10;

  private PrintWriter out;
  private double xadd = Double.NaN;
  private double xaddPipelined = Double.NaN;
  private double publishAsync = Double.NaN;
  private double publishSync = Double.NaN;
  private double bridge = Double.NaN;
  private double sensorCold = Double.NaN;
  private double sensorWarm = Double.NaN;
  private long[] latencies = new long[0];
  private long[] floor = new long[0];

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    String run = UUID.randomUUID().toString().substring(0, 8);
    String loadBefore = load();
    out.printf(
        "waterbodies bench events (run %s, %d events, %d cores, load %s)%n",
        run, events, Runtime.getRuntime().availableProcessors(), loadBefore);
    redisBenchmark(run);
    rawJetStream(run);
    pipeline(run);
    roundTripFloor(run);
    latency(run);
    summary(loadBefore, load());
    out.flush();
    return 0;
  }

  /** The 1, 5 and 15 minute load averages, or "unknown". */
  private static String load() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** {@code value} as a share of {@code ceiling}: "52 %" (or "n/a" without a ceiling). */
  private static String ratio(double value, double ceiling) {
    if (Double.isNaN(value) || Double.isNaN(ceiling) || ceiling <= 0) {
      return "n/a";
    }
    return String.format("%.0f %%", 100 * value / ceiling);
  }

  private void summary(String loadBefore, String loadAfter) {
    out.printf("%nsummary (load %s at start, %s at end):%n", loadBefore, loadAfter);
    out.printf(
        "  ceilings: redis-benchmark XADD %.0f req/s (-P 1), %.0f req/s (-P 10);"
            + " jnats JetStream publishAsync %.0f msgs/s, publish %.0f msgs/s%n",
        xadd, xaddPipelined, publishAsync, publishSync);
    out.printf(
        "  Redis -> JetStream bridge: %.0f events/s = %s of jnats publishAsync, %s of XADD -P 1%n",
        bridge, ratio(bridge, publishAsync), ratio(bridge, xadd));
    out.printf(
        "  sensor (filters, mapping, claim, trigger, record, ack): %.0f events/s warm (%.0f cold)"
            + " - goal >= %,.0f events/s: %s (%s of the goal); = %s of jnats publishAsync"
            + " (each event is 2 key-value publishes), %s of jnats sync publish, %s of XADD -P 1%n",
        sensorWarm,
        sensorCold,
        SENSOR_GOAL,
        sensorWarm >= SENSOR_GOAL ? "met" : "NOT met",
        ratio(sensorWarm, SENSOR_GOAL),
        ratio(sensorWarm, publishAsync),
        ratio(sensorWarm, publishSync),
        ratio(sensorWarm, xadd));
    double p99 = pct(latencies, 99);
    out.printf(
        "  XADD -> trigger at %d events/s: p50 %.2f ms, p99 %.2f ms, max %.2f ms"
            + " - goal p99 <= %.0f ms: %s%n",
        rate,
        pct(latencies, 50),
        p99,
        latencies.length == 0 ? Double.NaN : latencies[latencies.length - 1] / 1e6,
        LATENCY_GOAL_MS,
        p99 <= LATENCY_GOAL_MS ? "met" : "NOT met");
    out.printf(
        "  floor: one JetStream publish round trip alone at %d/s: p50 %.2f ms, p99 %.2f ms;"
            + " XADD -> trigger p99 = %s the floor's (the path holds two such trips in a row, the"
            + " bus's and the claim's, and a Redis one)%n",
        rate, pct(floor, 50), pct(floor, 99), times(p99, pct(floor, 99)));
  }

  /** {@code value} as a multiple of {@code unit}: "1.4 x" (or "n/a"). */
  private static String times(double value, double unit) {
    if (Double.isNaN(value) || Double.isNaN(unit) || unit <= 0) {
      return "n/a";
    }
    return String.format("%.1f x", value / unit);
  }

  private void redisBenchmark(String run) throws Exception {
    Path bin = Path.of("/usr/bin/redis-benchmark");
    if (!Files.isExecutable(bin)) {
      out.println("redis-benchmark: not installed (apt-get install redis-tools); skipped");
      return;
    }
    String key = "bench-rb-" + run;
    for (String pipeline : new String[] {"1", "10"}) {
      Process p =
          new ProcessBuilder(
                  bin.toString(),
                  "-h",
                  "127.0.0.1",
                  "-p",
                  "6379",
                  "-n",
                  Integer.toString(events),
                  "-c",
                  "10",
                  "-P",
                  pipeline,
                  "-q",
                  "XADD",
                  key,
                  "*",
                  "href",
                  "https://example/items/x")
              .redirectErrorStream(true)
              .start();
      String last = "";
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          for (String part : line.split("\r")) {
            if (part.contains("requests per second")) {
              last = part.trim();
            }
          }
        }
      }
      p.waitFor(120, TimeUnit.SECONDS);
      out.printf(
          "redis-benchmark XADD (-c 10 -P %s): %s%n",
          pipeline, last.isEmpty() ? "no figure" : last);
      java.util.regex.Matcher rps =
          java.util.regex.Pattern.compile("([0-9.]+) requests per second").matcher(last);
      if (rps.find()) {
        if ("1".equals(pipeline)) {
          xadd = Double.parseDouble(rps.group(1));
        } else {
          xaddPipelined = Double.parseDouble(rps.group(1));
        }
      }
    }
    RedisClient c = RedisClient.create(redis.uri);
    try (StatefulRedisConnection<String, String> conn = c.connect()) {
      conn.sync().del(key);
    } finally {
      c.shutdown();
    }
  }

  private byte[] sampleEnvelope(String stream, long i) {
    return Envelope.of(
            EventIds.forStreamEntry("bench", "item", stream, i + "-0"),
            "bench",
            Envelope.TYPE_REDIS_STREAM,
            "item",
            OffsetDateTime.now(),
            Json.parse(
                "{\"stream\":\""
                    + stream
                    + "\",\"message_id\":\""
                    + i
                    + "-0\",\"values\":{\"href\":\"https://example/items/"
                    + i
                    + "\"}}",
                "bench"))
        .toBytes();
  }

  private void rawJetStream(String run) throws Exception {
    EventBusConfig bus = EventBusConfig.builder().name("bench-raw-" + run).build();
    try (Connection nc = Nats.connect(nats.uri)) {
      new EventBus(nc, bus).ensure();
      try {
        JetStream js = nc.jetStream();
        byte[] body = sampleEnvelope("S", 1);
        // Two passes, like the sensor's runs: the ceiling is taken in a warm JVM too.
        double cold = publishAsyncLoop(js, bus, body, "cold-");
        publishAsync = publishAsyncLoop(js, bus, body, "warm-");
        out.printf(
            "raw jnats JetStream publishAsync (%d B, with Nats-Msg-Id): %.0f msgs/s warm (%.0f"
                + " cold)%n",
            body.length, publishAsync, cold);
        long t0 = System.nanoTime();
        for (int i = 0; i < events; i++) {
          js.publish(
              bus.subject("bench", "item"), new Headers().put("Nats-Msg-Id", "sync-" + i), body);
        }
        publishSync = events / ((System.nanoTime() - t0) / 1e9);
        out.printf("raw jnats JetStream publish, synchronous: %.0f msgs/s%n", publishSync);
      } finally {
        nc.jetStreamManagement().deleteStream(bus.streamName());
      }
    }
  }

  private double publishAsyncLoop(JetStream js, EventBusConfig bus, byte[] body, String ids)
      throws Exception {
    long t0 = System.nanoTime();
    List<CompletableFuture<PublishAck>> window = new ArrayList<>();
    for (int i = 0; i < events; i++) {
      window.add(
          js.publishAsync(
              bus.subject("bench", "item"), new Headers().put("Nats-Msg-Id", ids + i), body));
      if (window.size() == 1000) {
        for (CompletableFuture<PublishAck> f : window) {
          f.get(30, TimeUnit.SECONDS);
        }
        window.clear();
      }
    }
    for (CompletableFuture<PublishAck> f : window) {
      f.get(30, TimeUnit.SECONDS);
    }
    return events / ((System.nanoTime() - t0) / 1e9);
  }

  private void fillRedis(String stream, int n, boolean stamp) throws Exception {
    RedisClient c = RedisClient.create(redis.uri);
    try (StatefulRedisConnection<String, String> conn = c.connect()) {
      RedisAsyncCommands<String, String> a = conn.async();
      List<RedisFuture<String>> fs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        fs.add(
            a.xadd(
                stream,
                Map.of(
                    "subject",
                    "https://example/items/" + i,
                    "producer",
                    "bench",
                    "href",
                    "https://example/items/" + i)));
        if (fs.size() == 1000) {
          for (RedisFuture<String> f : fs) {
            f.get(30, TimeUnit.SECONDS);
          }
          fs.clear();
        }
      }
      for (RedisFuture<String> f : fs) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      c.shutdown();
    }
  }

  private static void awaitCount(LongSupplier count, long n, Duration max)
      throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (count.getAsLong() < n && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  private static SensorSpec spec(String name) {
    return SensorSpec.parse(
        "kind: Sensor\nmetadata: {name: "
            + name
            + "}\nspec:\n  dependencies:\n"
            + "  - {name: d, eventSourceName: bench, eventName: item}\n"
            + "  triggers:\n  - template:\n      name: noop\n      k8s:\n"
            + "        source: {resource: {spec: {href: ''}}}\n"
            + "        parameters: [{src: {dependencyName: d, dataKey: values.href}, dest: spec.href}]\n",
        "bench");
  }

  private void pipeline(String run) throws Exception {
    EventBusConfig bus = EventBusConfig.builder().name("bench-pipe-" + run).build();
    String stream = "bench-stream-" + run;
    String sensorName = "bench-" + run;
    fillRedis(stream, events, false);
    try {
      long t0 = System.nanoTime();
      try (RedisEventSource src =
          RedisEventSource.start(
              RedisEventSourceConfig.builder()
                  .redisUri(redis.uri)
                  .natsUri(nats.uri)
                  .bus(bus)
                  .stream(stream)
                  .eventSourceName("bench")
                  .eventName("item")
                  .count(100)
                  .build())) {
        awaitCount(() -> src.metrics().out(), events, Duration.ofMinutes(5));
        double s = (System.nanoTime() - t0) / 1e9;
        bridge = src.metrics().out() / s;
        out.printf(
            "Redis -> JetStream (RedisEventSource, COUNT 100, XACK after PublishAck): %.0f events/s (%d in %.2f s)%n",
            bridge, src.metrics().out(), s);
      }
      for (int countArg : new int[] {10}) {
        String stream2 = stream + "-c" + countArg;
        EventBusConfig bus2 = EventBusConfig.builder().name("bench-pipe2-" + run).build();
        fillRedis(stream2, events, false);
        long t1 = System.nanoTime();
        try (RedisEventSource src =
            RedisEventSource.start(
                RedisEventSourceConfig.builder()
                    .redisUri(redis.uri)
                    .natsUri(nats.uri)
                    .bus(bus2)
                    .stream(stream2)
                    .eventSourceName("bench")
                    .eventName("item")
                    .build())) {
          awaitCount(() -> src.metrics().out(), events, Duration.ofMinutes(5));
          double s = (System.nanoTime() - t1) / 1e9;
          out.printf(
              "Redis -> JetStream (RedisEventSource, Argo's COUNT 10): %.0f events/s%n",
              src.metrics().out() / s);
        } finally {
          deleteRedis(stream2);
          deleteStreams(bus2, null);
        }
      }
      // The first sensors also warm the JVM up (JIT); each reads the same events afresh.
      for (int i = 1; i <= sensorRuns; i++) {
        double r = sensorRun(bus, sensorName + "-" + i, i == 1 ? "cold JVM" : "run " + i);
        if (i == 1) {
          sensorCold = r;
        }
        sensorWarm = r;
      }
    } finally {
      deleteRedis(stream);
      for (int i = 1; i <= sensorRuns; i++) {
        deleteStreams(bus, sensorName + "-" + i);
      }
    }
  }

  /** One sensor reading every event of the bus stream from the start; its events/s. */
  private double sensorRun(EventBusConfig bus, String sensorName, String label) throws Exception {
    AtomicLong fired = new AtomicLong();
    long t0 = System.nanoTime();
    try (Sensor sensor =
        Sensor.builder()
            .spec(spec(sensorName))
            .natsUri(nats.uri)
            .bus(bus)
            .deliverPolicy(DeliverPolicy.All)
            .batch(batch)
            .trigger("noop", req -> fired.incrementAndGet())
            .build()
            .start()) {
      awaitCount(fired::get, events, Duration.ofMinutes(5));
      double s = (System.nanoTime() - t0) / 1e9;
      double rate = fired.get() / s;
      out.printf(
          "JetStream -> sensor -> no-op trigger (filters, mapping, claim, record, ack; batch %d, %s): %.0f events/s (%d in %.2f s)%n",
          batch, label, rate, fired.get(), s);
      return rate;
    }
  }

  /**
   * The floor under the latency run: one synchronous JetStream publish (stored, then acknowledged:
   * what a claim costs the sensor) at a time, paced at the latency run's rate, timed from when it
   * was due so a stall also counts for the publishes queued behind it, as in the pipeline.
   */
  private void roundTripFloor(String run) throws Exception {
    EventBusConfig bus = EventBusConfig.builder().name("bench-rt-" + run).build();
    int warm = rate * Math.max(0, Math.min(latencyWarmup, 5));
    int total = rate * latencySeconds;
    long[] v = new long[total];
    try (Connection nc = Nats.connect(nats.uri)) {
      new EventBus(nc, bus).ensure();
      try {
        JetStream js = nc.jetStream();
        byte[] body = sampleEnvelope("S", 1);
        String subject = bus.subject("bench", "item");
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int i = 0; i < warm + total; i++) {
          long due = start + i * interval;
          parkUntil(due);
          js.publish(subject, new Headers().put("Nats-Msg-Id", "rt-" + i), body);
          if (i >= warm) {
            v[i - warm] = System.nanoTime() - due;
          }
        }
      } finally {
        nc.jetStreamManagement().deleteStream(bus.streamName());
      }
    }
    Arrays.sort(v);
    floor = v;
    out.printf(
        "floor: JetStream publish round trips one at a time at %d/s for %d s after %d s of"
            + " warm-up: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
        rate,
        latencySeconds,
        warm / rate,
        pct(v, 50),
        pct(v, 99),
        v.length == 0 ? 0 : v[v.length - 1] / 1e6);
  }

  private void latency(String run) throws Exception {
    EventBusConfig bus = EventBusConfig.builder().name("bench-lat-" + run).build();
    String stream = "bench-lat-" + run;
    String sensorName = "bench-lat-" + run;
    ConcurrentLinkedQueue<Long> lat = new ConcurrentLinkedQueue<>();
    // The same path split at the event's time, which the source stamps when it reads the entry.
    ConcurrentLinkedQueue<Long> toSource = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Long> toTrigger = new ConcurrentLinkedQueue<>();
    int total = rate * latencySeconds;
    // Events of the warm-up run the same path but are not measured: steady state, not JIT start.
    int warm = rate * Math.max(0, latencyWarmup);
    RedisClient c = RedisClient.create(redis.uri);
    try (StatefulRedisConnection<String, String> conn = c.connect();
        Sensor sensor =
            Sensor.builder()
                .spec(spec(sensorName))
                .natsUri(nats.uri)
                .bus(bus)
                .trigger(
                    "noop",
                    req -> {
                      long now = System.nanoTime();
                      long wallNow = micros(Instant.now());
                      Envelope e = req.events().get("d");
                      if (e.data().at("/values/warm").asBoolean(false)) {
                        return;
                      }
                      long t0 = Long.parseLong(e.data().at("/values/t0").asText());
                      long w0 = Long.parseLong(e.data().at("/values/w0").asText());
                      lat.add(now - t0);
                      long stamped = micros(e.time().toInstant());
                      toSource.add((stamped - w0) * 1000);
                      toTrigger.add((wallNow - stamped) * 1000);
                    })
                .build()
                .start();
        RedisEventSource src =
            RedisEventSource.start(
                RedisEventSourceConfig.builder()
                    .redisUri(redis.uri)
                    .natsUri(nats.uri)
                    .bus(bus)
                    .stream(stream)
                    .eventSourceName("bench")
                    .eventName("item")
                    .build())) {
      RedisAsyncCommands<String, String> a = conn.async();
      long start = System.nanoTime();
      long interval = 1_000_000_000L / rate;
      for (int i = 0; i < warm + total; i++) {
        long due = start + i * interval;
        parkUntil(due);
        a.xadd(
            stream,
            Map.of(
                "href",
                "https://example/items/" + i,
                "warm",
                Boolean.toString(i < warm),
                "w0",
                Long.toString(micros(Instant.now())),
                "t0",
                Long.toString(System.nanoTime())));
      }
      awaitCount(() -> lat.size(), total, Duration.ofMinutes(2));
      long[] v = lat.stream().mapToLong(Long::longValue).toArray();
      Arrays.sort(v);
      latencies = v;
      out.printf(
          "latency XADD -> trigger at %d events/s for %d s after %d s of warm-up (%d events):"
              + " p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
          rate,
          latencySeconds,
          Math.max(0, latencyWarmup),
          v.length,
          pct(v, 50),
          pct(v, 99),
          v.length == 0 ? 0 : v[v.length - 1] / 1e6);
      long[] src1 = toSource.stream().mapToLong(Long::longValue).sorted().toArray();
      long[] sen1 = toTrigger.stream().mapToLong(Long::longValue).sorted().toArray();
      out.printf(
          "  of which XADD -> event stamped by the source: p50 %.2f ms, p99 %.2f ms;"
              + " stamped -> trigger (bus, sensor): p50 %.2f ms, p99 %.2f ms (wall clock)%n",
          pct(src1, 50), pct(src1, 99), pct(sen1, 50), pct(sen1, 99));
    } finally {
      deleteRedis(stream);
      deleteStreams(bus, sensorName);
      c.shutdown();
    }
  }

  /**
   * Waits for {@code due} (a {@link System#nanoTime()}) parked, not spinning: on 2 cores a spinning
   * load generator starves what it measures.
   */
  private static void parkUntil(long due) {
    long now;
    while ((now = System.nanoTime()) < due) {
      java.util.concurrent.locks.LockSupport.parkNanos(due - now);
    }
  }

  private static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }

  private static double pct(long[] sorted, int p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }

  private void deleteRedis(String key) {
    RedisClient c = RedisClient.create(redis.uri);
    try (StatefulRedisConnection<String, String> conn = c.connect()) {
      conn.sync().del(key);
    } finally {
      c.shutdown();
    }
  }

  private void deleteStreams(EventBusConfig bus, String sensorName) throws Exception {
    try (Connection nc = Nats.connect(nats.uri)) {
      List<String> names =
          new ArrayList<>(List.of(bus.streamName(), bus.streamName() + "-dead-letter"));
      if (sensorName != null) {
        names.add(
            "KV_"
                + (bus.streamName() + "-completed-" + sensorName)
                    .replaceAll("[^A-Za-z0-9_-]", "_"));
      }
      for (String n : names) {
        try {
          nc.jetStreamManagement().deleteStream(n);
        } catch (Exception ignored) {
          // not created in this run
        }
      }
    }
  }
}
