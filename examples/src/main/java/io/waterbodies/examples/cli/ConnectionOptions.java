package io.waterbodies.examples.cli;

import picocli.CommandLine.Option;

/**
 * The connection options shared by the commands that talk to Redis, NATS and the JetStream event
 * bus, as picocli mixins so each option is declared (name, default, help) once.
 */
final class ConnectionOptions {
  /** The default Redis URI. */
  static final String REDIS = "redis://127.0.0.1:6379";

  /** The default NATS URI. */
  static final String NATS = "nats://127.0.0.1:4222";

  private ConnectionOptions() {}

  /** {@code --redis URI}. */
  static final class Redis {
    @Option(
        names = "--redis",
        defaultValue = REDIS,
        description = "Redis URI (default ${DEFAULT-VALUE}).")
    String uri;
  }

  /** {@code --nats URI}. */
  static final class Nats {
    @Option(
        names = "--nats",
        defaultValue = NATS,
        description = "NATS URI (default ${DEFAULT-VALUE}).")
    String uri;
  }

  /** {@code --bus NAME}: the JetStream event bus stream name and subject prefix. */
  static final class BusName {
    @Option(
        names = "--bus",
        defaultValue = "default",
        description = "Bus stream name and subject prefix (default ${DEFAULT-VALUE}).")
    String name;
  }
}
