package io.waterbodies.examples.cli;

import io.nats.client.api.DeliverPolicy;
import io.waterbodies.argo.k8s.ArgoKubernetes;
import io.waterbodies.core.geo.Bbox;
import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.core.time.Durations;
import io.waterbodies.events.bus.EventBus;
import io.waterbodies.events.bus.EventBusConfig;
import io.waterbodies.events.k8s.KubernetesTriggerFactory;
import io.waterbodies.events.metrics.ComponentHealth;
import io.waterbodies.events.metrics.HealthReport;
import io.waterbodies.events.metrics.MetricsSnapshot;
import io.waterbodies.events.sensor.Sensor;
import io.waterbodies.events.sensor.SensorCheck;
import io.waterbodies.events.sensor.SensorSpec;
import io.waterbodies.events.sensor.TriggerFactory;
import io.waterbodies.events.sensor.WorkflowTrigger;
import io.waterbodies.events.source.DeadLetterTarget;
import io.waterbodies.events.source.RedisEventSource;
import io.waterbodies.events.source.RedisEventSourceConfig;
import io.waterbodies.events.watch.StacSearchSource;
import io.waterbodies.events.watch.StacWatcher;
import io.waterbodies.events.watch.WatchTarget;
import io.waterbodies.stac.client.StacApiClient;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code waterbodies events ...}: the STAC watcher, Redis event source, sensor and event bus. */
@Command(
    name = "events",
    mixinStandardHelpOptions = true,
    description =
        "Watch STAC, forward Redis events to JetStream, run sensors, manage the event bus.",
    subcommands = {
      EventsCommand.Watch.class,
      EventsCommand.Source.class,
      EventsCommand.SensorCmd.class,
      EventsCommand.Bus.class
    })
final class EventsCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
  }

  /**
   * Runs a component until SIGTERM/SIGINT, then closes it (draining in-flight work); meanwhile
   * prints its health on SIGUSR1 and keeps the {@code --health-file} current.
   */
  static int runUntilInterrupted(
      PrintWriter out,
      AutoCloseable component,
      Supplier<MetricsSnapshot> metrics,
      HealthReporter.Options healthOptions,
      Supplier<ComponentHealth> health) {
    CountDownLatch stopped = new CountDownLatch(1);
    HealthReporter reporter =
        HealthReporter.start(out, healthOptions, () -> HealthReport.now(List.of(health.get())));
    Thread hook =
        new Thread(
            () -> {
              try {
                component.close();
              } catch (Exception e) {
                out.println("error while stopping: " + e.getMessage());
              }
              reporter.close();
              out.println("stopped; " + metrics.get());
              out.flush();
              stopped.countDown();
            },
            "waterbodies-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    out.println(
        "running; press Ctrl-C or send SIGTERM to stop, SIGUSR1 (kill -USR1 "
            + ProcessHandle.current().pid()
            + ") prints the health");
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  static EventBusConfig bus(String name) {
    return EventBusConfig.builder().name(name).build();
  }

  /** {@code events watch}. */
  @Command(
      name = "watch",
      mixinStandardHelpOptions = true,
      description = "Poll a STAC API search and emit one Redis event per new item.")
  static final class Watch implements java.util.concurrent.Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--stac", required = true, description = "STAC API root URL.")
    URI stac;

    @Option(names = "--collections", split = ",", description = "Collection ids (comma separated).")
    List<String> collections = new ArrayList<>();

    @Option(names = "--bbox", description = "minx,miny,maxx,maxy.")
    String bbox;

    @Option(
        names = "--since",
        description = "First window start (RFC 3339 instant or date; default: a day ago).")
    String since;

    @Mixin ConnectionOptions.Redis redis;

    @ArgGroup(exclusive = true)
    Target target = new Target();

    static final class Target {
      @Option(names = "--stream", description = "Redis stream to XADD to (default STREAM).")
      String stream;

      @Option(
          names = "--channel",
          description = "Pub/Sub channel to PUBLISH to (e.g. stac-events).")
      String channel;
    }

    @Option(
        names = "--poll-interval",
        defaultValue = "60",
        description = "Seconds between polls once caught up.")
    long pollSeconds;

    @Option(
        names = "--window-hours",
        defaultValue = "24",
        description = "Longest window searched at once.")
    long windowHours;

    @Option(
        names = "--lookback-minutes",
        defaultValue = "60",
        description = "Overlap with the previous window.")
    long lookbackMinutes;

    @Option(names = "--state-key", description = "Redis key prefix of the watcher state.")
    String stateKey;

    @Option(
        names = "--max-length",
        defaultValue = "0",
        paramLabel = "N",
        description =
            "Stream target: keep about N entries (XADD MAXLEN ~ N); 0 (default) never trims.")
    long maxLength;

    @Mixin HealthReporter.Options health;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      WatchTarget t =
          target.channel != null
              ? WatchTarget.channel(target.channel)
              : WatchTarget.stream(
                  target.stream == null ? WatchTarget.DEFAULT_STREAM : target.stream);
      Optional<Bbox> box;
      try {
        box = Optional.ofNullable(bbox).map(Bbox::parse);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--bbox: " + e.getMessage());
      }
      StacApiClient client = StacApiClient.open(stac);
      StacWatcher.Builder b =
          StacWatcher.builder()
              .source(StacSearchSource.stacApi(client, collections, box))
              .redisUri(redis.uri)
              .target(t)
              .pollInterval(Duration.ofSeconds(pollSeconds))
              .window(Duration.ofHours(windowHours))
              .lookback(Duration.ofMinutes(lookbackMinutes))
              .maxLength(maxLength);
      if (since != null) {
        b.since(parseInstant(since));
      }
      if (stateKey != null) {
        b.stateKey(stateKey);
      }
      StacWatcher w;
      try {
        w = b.build().start();
      } catch (RuntimeException e) {
        client.close();
        throw e;
      }
      return runUntilInterrupted(
          out,
          () -> {
            w.close();
            client.close();
          },
          w::metrics,
          health,
          w::health);
    }

    private Instant parseInstant(String s) {
      try {
        return s.length() == 10
            ? LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant()
            : Instant.parse(s);
      } catch (java.time.format.DateTimeParseException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--since must be an RFC 3339 instant or a date: " + s);
      }
    }
  }

  /** {@code events source}. */
  @Command(
      name = "source",
      mixinStandardHelpOptions = true,
      description = "Forward a Redis stream or Pub/Sub channel to the JetStream event bus.")
  static final class Source implements java.util.concurrent.Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ConnectionOptions.Redis redis;

    @ArgGroup(exclusive = true, multiplicity = "1")
    From from;

    static final class From {
      @Option(names = "--stream", description = "Redis stream to read with a consumer group.")
      String stream;

      @Option(names = "--channel", description = "Pub/Sub channel (or pattern) to subscribe to.")
      List<String> channels;
    }

    @Mixin ConnectionOptions.Nats nats;

    @Option(names = "--event-source", required = true, description = "Event source name.")
    String eventSource;

    @Option(names = "--event-name", required = true, description = "Event name.")
    String eventName;

    @Option(
        names = "--consumer-group",
        defaultValue = "argo-events-cg",
        description = "Consumer group.")
    String group;

    @Option(names = "--json-body", description = "Pub/Sub: parse bodies as JSON.")
    boolean jsonBody;

    @Option(
        names = "--dead-letter",
        paramLabel = "redis:KEY|nats:SUBJECT|nats",
        description =
            "Where entries that can never be published go (too large for NATS): a Redis stream"
                + " (default redis:<stream>:dead-letter) or a JetStream subject (nats: the"
                + " <bus>-dead-letter stream).")
    String deadLetter;

    @Option(
        names = "--trim-acknowledged",
        description =
            "Trim the stream (XTRIM MINID ~) below the oldest entry a consumer group has not"
                + " acknowledged.")
    boolean trimAcknowledged;

    @Option(
        names = "--claim-idle",
        paramLabel = "DURATION",
        defaultValue = "1m",
        description =
            "Claim entries another consumer of the group left pending longer than this (a"
                + " replica that died); default ${DEFAULT-VALUE}; "
                + Durations.EXAMPLES
                + ".")
    String claimIdle;

    @Mixin ConnectionOptions.BusName bus;

    @Mixin HealthReporter.Options health;

    @Override
    public Integer call() {
      RedisEventSourceConfig.Builder b =
          RedisEventSourceConfig.builder()
              .redisUri(redis.uri)
              .natsUri(nats.uri)
              .eventSourceName(eventSource)
              .eventName(eventName)
              .consumerGroup(group)
              .jsonBody(jsonBody)
              .trimAcknowledged(trimAcknowledged)
              .claimIdle(DurationOption.positive(spec, "--claim-idle", claimIdle))
              .bus(bus(bus.name));
      if (deadLetter != null) {
        b.deadLetter(deadLetterTarget(deadLetter));
      }
      if (from.stream != null) {
        b.stream(from.stream);
      } else {
        b.channels(from.channels.toArray(String[]::new));
      }
      RedisEventSource s = RedisEventSource.start(b.build());
      return runUntilInterrupted(spec.commandLine().getOut(), s, s::metrics, health, s::health);
    }

    private DeadLetterTarget deadLetterTarget(String v) {
      if (v.equals("nats")) {
        return DeadLetterTarget.natsDefault();
      }
      if (v.startsWith("nats:") && v.length() > 5) {
        return DeadLetterTarget.natsSubject(v.substring(5));
      }
      if (v.startsWith("redis:") && v.length() > 6) {
        return DeadLetterTarget.redisStream(v.substring(6));
      }
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--dead-letter must be redis:KEY, nats:SUBJECT or nats, found '" + v + "'");
    }
  }

  /** {@code events sensor}. */
  @Command(
      name = "sensor",
      mixinStandardHelpOptions = true,
      description = "Run an Argo Events Sensor manifest against the JetStream event bus.")
  static final class SensorCmd implements java.util.concurrent.Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--file", required = true, description = "Sensor manifest (YAML or JSON).")
    Path file;

    @Mixin ConnectionOptions.Nats nats;

    @Option(
        names = "--trigger",
        defaultValue = "log",
        description =
            "log (log each resolved resource: a dry run), k8s (run the manifest's k8s and"
                + " argoWorkflow triggers against Kubernetes; its log triggers log, other kinds"
                + " are refused) or workflow (submit through a WorkflowTrigger implementation on"
                + " the class path).")
    String trigger;

    @Option(
        names = "--kubeconfig",
        description =
            "--trigger k8s: kubeconfig file (default: $KUBECONFIG, else ~/.kube/config, else the"
                + " in-cluster service account).")
    Path kubeconfig;

    @Option(
        names = "--namespace",
        description =
            "--trigger k8s: namespace for resources that name none (default: the kubeconfig"
                + " context's, else default).")
    String namespace;

    @Mixin ConnectionOptions.BusName bus;

    @Option(
        names = "--max-attempts",
        defaultValue = "5",
        description = "Deliveries before dead-lettering.")
    int maxAttempts;

    @Option(
        names = "--from-start",
        description = "A new consumer also takes events already on the bus.")
    boolean fromStart;

    @Mixin HealthReporter.Options health;

    @Option(
        names = "--check",
        description =
            "Compile the manifest (filters, transforms, conditions, parameters, triggers of every"
                + " Argo type), print a summary and exit without connecting: 0 when it compiles,"
                + " 1 naming the file and JSON pointer of each problem.")
    boolean check;

    @Override
    public Integer call() {
      if (check) {
        boolean workflow = ServiceLoader.load(WorkflowTrigger.class).findFirst().isPresent();
        SensorCheck result =
            SensorCheck.of(
                file,
                t ->
                    t.kind().equals("log")
                        || (workflow
                            && (t.kind().equals("k8s") || t.kind().equals("argoWorkflow"))));
        PrintWriter w = result.ok() ? spec.commandLine().getOut() : spec.commandLine().getErr();
        result.lines().forEach(w::println);
        w.flush();
        return result.ok() ? 0 : 1;
      }
      TriggerFactory factory;
      switch (trigger) {
        case "log" -> factory = TriggerFactory.allLog();
        case "k8s" -> {
          ArgoKubernetes.Builder k = ArgoKubernetes.fromEnvironment();
          if (kubeconfig != null) {
            k.kubeconfig(kubeconfig);
          }
          if (namespace != null) {
            k.namespace(namespace);
          }
          factory = KubernetesTriggerFactory.of(k.build()).or(TriggerFactory.logOnly());
        }
        case "workflow" -> {
          Optional<WorkflowTrigger> wf = ServiceLoader.load(WorkflowTrigger.class).findFirst();
          if (wf.isEmpty()) {
            throw new io.waterbodies.events.EventsException(
                "no WorkflowTrigger implementation is on the class path (the argo module provides"
                    + " one); use --trigger log for now");
          }
          factory = s -> Optional.of(wf.get());
        }
        default ->
            throw new CommandLine.ParameterException(
                spec.commandLine(), "--trigger must be log, k8s or workflow, found " + trigger);
      }
      Sensor s =
          Sensor.builder()
              .spec(SensorSpec.read(file))
              .natsUri(nats.uri)
              .bus(bus(bus.name))
              .triggerFactory(factory)
              .maxAttempts(maxAttempts)
              .deliverPolicy(fromStart ? DeliverPolicy.All : DeliverPolicy.New)
              .build()
              .start();
      java.util.concurrent.atomic.AtomicBoolean open =
          new java.util.concurrent.atomic.AtomicBoolean(true);
      return runUntilInterrupted(
          spec.commandLine().getOut(),
          () -> {
            open.set(false);
            s.close();
          },
          s::metrics,
          health,
          () -> ComponentHealth.of(s.metrics(), open.get()));
    }
  }

  /** {@code events bus}. */
  @Command(
      name = "bus",
      mixinStandardHelpOptions = true,
      description = "Create the JetStream event bus stream, or verify the existing one.")
  static final class Bus implements java.util.concurrent.Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ConnectionOptions.Nats nats;

    @Option(
        names = "--name",
        defaultValue = "default",
        description = "Stream name and subject prefix.")
    String name;

    @Option(
        names = "--replicas",
        defaultValue = "1",
        description = "Replicas (Argo's cluster default is 3).")
    int replicas;

    @Option(names = "--duplicate-window", defaultValue = "300", description = "Seconds.")
    long duplicateWindow;

    @Option(names = "--max-age-hours", defaultValue = "168", description = "Hours events are kept.")
    long maxAgeHours;

    @Option(names = "--max-msgs", defaultValue = "50000", description = "Events kept at most.")
    long maxMsgs;

    @Override
    public Integer call() {
      EventBusConfig cfg =
          EventBusConfig.builder()
              .name(name)
              .replicas(replicas)
              .duplicateWindow(Duration.ofSeconds(duplicateWindow))
              .maxAge(Duration.ofHours(maxAgeHours))
              .maxMessages(maxMsgs)
              .build();
      PrintWriter out = spec.commandLine().getOut();
      {
        EventBus.Status s =
            EventBus.ensure(nats.uri, cfg, RetryPolicy.builder().maxAttempts(3).build());
        if (s.created()) {
          out.println("created stream " + cfg.streamName() + " (subjects " + cfg.subjects() + ")");
          return 0;
        }
        if (s.differences().isEmpty()) {
          out.println("stream " + cfg.streamName() + " exists and matches");
          return 0;
        }
        out.println("stream " + cfg.streamName() + " exists but differs:");
        s.differences().forEach(d -> out.println("  " + d));
        return WaterbodiesCommand.EXIT_FINDINGS;
      }
    }
  }
}
