package io.waterbodies.events.internal;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.core.secret.Redaction;
import io.waterbodies.events.EventsAuthenticationException;
import io.waterbodies.events.EventsConnectionException;
import io.waterbodies.events.EventsException;
import io.waterbodies.events.NatsAccess;
import io.waterbodies.events.RedisAccess;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens Redis and NATS connections with a retry policy, and turns the clients' exceptions into
 * {@link EventsConnectionException}s whose messages name the server without its credentials.
 */
public final class Connections {
  private static final Logger LOG = LoggerFactory.getLogger(Connections.class);
  private static final Pattern AUTH =
      Pattern.compile("(?i)WRONGPASS|NOAUTH|\\bAUTH\\b|Authorization Violation|authentication");

  private Connections() {}

  /** A Lettuce client for the URI, reconnecting automatically once connected. */
  public static RedisClient redisClient(String uri) {
    RedisAccess access = RedisAccess.uri(uri);
    RedisClient client = RedisClient.create(access.redisUri());
    client.setOptions(clientOptions());
    return client;
  }

  private static ClientOptions clientOptions() {
    return ClientOptions.builder()
        .autoReconnect(true)
        // RESP2 sends a plain AUTH, which a server without a password rejects; RESP3's HELLO
        // would accept any password there and hide a misconfiguration.
        .protocolVersion(ProtocolVersion.RESP2)
        .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(3)).build())
        .build();
  }

  /**
   * The client and URI a component connects with: the host's client when the access names one
   * (never shut down by the component), else a new client the component owns.
   *
   * @param client the client to open connections from
   * @param uri the URI to connect to
   * @param owned true when the component created the client and must shut it down
   */
  public record RedisEndpoint(RedisClient client, RedisURI uri, boolean owned) {
    /** Opens a connection (with {@link #withRetry} for the caller's policy). */
    public StatefulRedisConnection<String, String> connect() {
      return client.connect(uri);
    }

    /** Opens a Pub/Sub connection. */
    public StatefulRedisPubSubConnection<String, String> connectPubSub() {
      return client.connectPubSub(uri);
    }

    /** Shuts the client down when the component created it. */
    public void release() {
      if (owned) {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }
    }
  }

  /** The endpoint for an access: the host's client, or a new one with the SDK's options. */
  public static RedisEndpoint redis(RedisAccess access) {
    if (access.client().isPresent()) {
      return new RedisEndpoint(access.client().get(), access.redisUri(), false);
    }
    RedisClient client = RedisClient.create();
    client.setOptions(clientOptions());
    return new RedisEndpoint(client, access.redisUri(), true);
  }

  /**
   * The NATS connection for an access, the one way every component obtains it: the host's
   * connection as it is, or a new connection (from the URI, reconnecting forever, or from the
   * host's options) opened with the retry policy. Whoever did not pass a connection must close the
   * returned one ({@link #release} does the right thing for both).
   *
   * @throws EventsConnectionException when NATS stays unreachable
   */
  public static Connection nats(NatsAccess access, String name, RetryPolicy policy) {
    if (access.connection().isPresent()) {
      return access.connection().get();
    }
    if (access.uriString().isPresent()) {
      return nats(access.uriString().get(), name, policy);
    }
    Options options = access.options().orElseThrow();
    return withRetry("NATS", access.describe(), policy, () -> connect(options));
  }

  /**
   * Closes {@code c} when {@link #nats(NatsAccess, String, RetryPolicy)} opened it for {@code
   * access}; leaves the host's connection open.
   */
  public static void release(NatsAccess access, Connection c) {
    if (c == null || access.connection().filter(host -> host == c).isPresent()) {
      return;
    }
    try {
      c.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Runs {@code attempt} until it succeeds or the policy gives up.
   *
   * @param what what is being connected to, with its redacted URI, for messages
   * @throws EventsAuthenticationException at once when the server refuses the credentials
   * @throws EventsConnectionException when every attempt failed
   */
  public static <T> T withRetry(String what, String uri, RetryPolicy policy, Supplier<T> attempt) {
    String safe = Redaction.redact(uri);
    for (int n = 1; ; n++) {
      try {
        return attempt.get();
      } catch (RuntimeException e) {
        String reason = reason(e);
        if (isAuthFailure(e)) {
          throw new EventsAuthenticationException(
              what + " refused the credentials: " + reason + " (check the password in the URI)",
              safe,
              null);
        }
        if (!policy.canRetryAfter(n)) {
          throw new EventsConnectionException(
              "cannot connect to " + what + " after " + n + " attempt(s): " + reason, safe, null);
        }
        Duration d = policy.delayAfter(n);
        LOG.warn("{} at {} unreachable ({}); retrying in {} ms", what, safe, reason, d.toMillis());
        sleep(d);
      }
    }
  }

  /** Opens a NATS connection that reconnects forever once established. */
  public static Connection nats(String uri, String name, RetryPolicy policy) {
    return withRetry(
        "NATS",
        uri,
        policy,
        () -> {
          Options options =
              new Options.Builder()
                  .server(uri)
                  .connectionName(name)
                  .maxReconnects(-1)
                  .reconnectWait(Duration.ofMillis(500))
                  .connectionTimeout(Duration.ofSeconds(3))
                  .connectionListener(new Listener())
                  .errorListener(new Errors())
                  .build();
          return connect(options);
        });
  }

  private static Connection connect(Options options) {
    try {
      return Nats.connect(options);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventsException("interrupted while connecting to NATS", e);
    } catch (Exception e) {
      throw new EventsException(
          e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
    }
  }

  /** The innermost useful message of an exception chain, redacted. */
  public static String reason(Throwable e) {
    StringBuilder sb = new StringBuilder();
    Throwable t = e;
    String last = null;
    int depth = 0;
    while (t != null && depth++ < 8) {
      String m = t.getMessage();
      if (m != null && !m.equals(last)) {
        if (sb.length() > 0) {
          sb.append(": ");
        }
        sb.append(m);
        last = m;
      }
      t = t.getCause() == t ? null : t.getCause();
    }
    return Redaction.redact(sb.length() == 0 ? e.getClass().getSimpleName() : sb.toString());
  }

  /** True when the exception chain says the server refused the credentials. */
  public static boolean isAuthFailure(Throwable e) {
    Throwable t = e;
    int depth = 0;
    while (t != null && depth++ < 8) {
      if (t instanceof io.nats.client.AuthenticationException
          || (t.getMessage() != null && AUTH.matcher(t.getMessage()).find())) {
        return true;
      }
      t = t.getCause() == t ? null : t.getCause();
    }
    return false;
  }

  /** Sleeps, restoring the interrupt flag and stopping the caller's loop if interrupted. */
  public static void sleep(Duration d) {
    try {
      Thread.sleep(Math.max(0, d.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventsException("interrupted", e);
    }
  }

  private static final class Listener implements ConnectionListener {
    /** Opening and closing is chatter (DEBUG); losing and regaining a connection is INFO. */
    private static void report(String url, Events type) {
      if (type == Events.CONNECTED || type == Events.CLOSED) {
        LOG.debug("NATS {}: {}", Redaction.redact(url), type);
      } else {
        LOG.info("NATS {}: {}", Redaction.redact(url), type);
      }
    }

    @Override
    @SuppressWarnings("deprecation")
    public void connectionEvent(Connection conn, Events type) {
      report(where(conn), type);
    }

    @Override
    public void connectionEvent(Connection conn, Events type, Long time, String uriDetails) {
      report(uriDetails == null ? where(conn) : uriDetails, type);
    }

    /** The server it is connected to, else (disconnected) its name and the servers it tries. */
    private static String where(Connection conn) {
      if (conn.getConnectedUrl() != null) {
        return conn.getConnectedUrl();
      }
      String name = conn.getOptions().getConnectionName();
      return (name == null ? "" : name + " ") + conn.getOptions().getServers();
    }
  }

  /** Routes jnats' error reports to slf4j (its default writes to java.util.logging). */
  private static final class Errors implements io.nats.client.ErrorListener {
    @Override
    public void errorOccurred(Connection conn, String error) {
      LOG.warn("NATS error: {}", Redaction.redact(error));
    }

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
      LOG.debug("NATS connection problem: {}", Redaction.redact(String.valueOf(exp)));
    }
  }
}
