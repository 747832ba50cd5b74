package io.waterbodies.events;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.waterbodies.core.secret.Redaction;
import java.util.Objects;
import java.util.Optional;

/**
 * How a component reaches Redis: a URI string or a Lettuce {@link RedisURI} (TLS with {@code
 * rediss://}, an ACL user, Sentinel with {@code redis-sentinel://}: whatever {@code RedisURI}
 * expresses), for which the component creates and shuts down its own {@link RedisClient}; or the
 * host application's {@code RedisClient} plus the URI to connect to, in which case the component
 * opens and closes only its own connections and never shuts the client down (the way Lettuce shares
 * a client's {@code ClientResources}).
 *
 * <pre>{@code
 * RedisAccess.uri(RedisURI.builder().withHost("redis").withSsl(true)
 *     .withAuthentication("app", password).build());
 * RedisAccess.client(hostClient, hostUri); // shared; shut down by the host
 * }</pre>
 */
public final class RedisAccess {
  private final RedisURI uri;
  private final RedisClient client;

  private RedisAccess(RedisURI uri, RedisClient client) {
    this.uri = uri;
    this.client = client;
  }

  /**
   * Connect to this URI ({@code redis://[user:password@]host[:port][/db]}, {@code rediss://} for
   * TLS). Commands time out after 10 s.
   *
   * @throws EventsException when it is not a Redis URI (the message does not repeat the password)
   */
  public static RedisAccess uri(String uri) {
    Objects.requireNonNull(uri, "uri");
    RedisURI parsed;
    try {
      parsed = RedisURI.create(uri);
    } catch (RuntimeException e) {
      throw new EventsException(
          "not a Redis URI (expected redis://[:password@]host[:port][/db]): "
              + Redaction.redact(uri),
          e);
    }
    parsed.setTimeout(java.time.Duration.ofSeconds(10));
    return new RedisAccess(parsed, null);
  }

  /** Connect to this URI with a client the component creates and shuts down. */
  public static RedisAccess uri(RedisURI uri) {
    return new RedisAccess(Objects.requireNonNull(uri, "uri"), null);
  }

  /**
   * Open connections to {@code uri} from the host's client, which the component never shuts down.
   */
  public static RedisAccess client(RedisClient client, RedisURI uri) {
    return new RedisAccess(
        Objects.requireNonNull(uri, "uri"), Objects.requireNonNull(client, "client"));
  }

  /** The URI connections are opened to. */
  public RedisURI redisUri() {
    return uri;
  }

  /** The host's client, when given. */
  public Optional<RedisClient> client() {
    return Optional.ofNullable(client);
  }

  /** The server, without credentials, for messages. */
  public String describe() {
    // RedisURI.toString() masks nothing in every version: build the text from the parts.
    StringBuilder b = new StringBuilder(uri.isSsl() ? "rediss://" : "redis://");
    if (!uri.getSentinels().isEmpty()) {
      b = new StringBuilder("redis-sentinel://");
      for (int i = 0; i < uri.getSentinels().size(); i++) {
        RedisURI s = uri.getSentinels().get(i);
        b.append(i == 0 ? "" : ",").append(s.getHost()).append(':').append(s.getPort());
      }
      return b.append('#').append(uri.getSentinelMasterId()).toString();
    }
    return b.append(uri.getHost()).append(':').append(uri.getPort()).toString();
  }

  @Override
  public String toString() {
    return "RedisAccess[" + (client != null ? "host client " : "") + describe() + "]";
  }
}
