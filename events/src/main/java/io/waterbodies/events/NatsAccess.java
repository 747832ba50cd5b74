package io.waterbodies.events;

import io.nats.client.Connection;
import io.nats.client.Options;
import io.waterbodies.core.secret.Redaction;
import java.util.Objects;
import java.util.Optional;

/**
 * How a component reaches NATS: a URI or a jnats {@link Options} (the component connects,
 * reconnects forever and closes what it opened), or the host application's open {@link Connection},
 * which the component uses and listens to but never closes. Use options for TLS, credentials files,
 * NKeys or several seed servers.
 *
 * <pre>{@code
 * NatsAccess.options(new Options.Builder().server(url).userInfo("app", password).build());
 * NatsAccess.connection(hostConnection); // shared; closed by the host
 * }</pre>
 */
public final class NatsAccess {
  private final String uri;
  private final Options options;
  private final Connection connection;

  private NatsAccess(String uri, Options options, Connection connection) {
    this.uri = uri;
    this.options = options;
    this.connection = connection;
  }

  /** Connect to this URI (credentials may be in it; they are never logged). */
  public static NatsAccess uri(String uri) {
    return new NatsAccess(Objects.requireNonNull(uri, "uri"), null, null);
  }

  /**
   * Connect with these options. The component adds its own connection listener (it keeps the
   * options' listener, if any, informed too) and closes the connection it opened.
   */
  public static NatsAccess options(Options options) {
    return new NatsAccess(null, Objects.requireNonNull(options, "options"), null);
  }

  /** Use the host's open connection; the component never closes it. */
  public static NatsAccess connection(Connection connection) {
    return new NatsAccess(null, null, Objects.requireNonNull(connection, "connection"));
  }

  /** The URI, when given as one. */
  public Optional<String> uriString() {
    return Optional.ofNullable(uri);
  }

  /** The options, when given. */
  public Optional<Options> options() {
    return Optional.ofNullable(options);
  }

  /** The host's connection, when given. */
  public Optional<Connection> connection() {
    return Optional.ofNullable(connection);
  }

  /** The servers, redacted, for messages. */
  public String describe() {
    if (uri != null) {
      return Redaction.redact(uri);
    }
    if (options != null) {
      return Redaction.redact(String.valueOf(options.getServers()));
    }
    return Redaction.redact(String.valueOf(connection.getConnectedUrl()));
  }

  @Override
  public String toString() {
    return "NatsAccess[" + (connection != null ? "host connection " : "") + describe() + "]";
  }
}
