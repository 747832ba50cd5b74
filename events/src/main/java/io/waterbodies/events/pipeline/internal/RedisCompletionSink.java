package io.waterbodies.events.pipeline.internal;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.events.internal.Connections;
import io.waterbodies.events.pipeline.CompletionEvent;
import java.time.Duration;

/**
 * XADDs completion events to the reference system's streams: successes to one stream (default
 * {@code WATERBODIES}), failures to another (default {@code WATERBODIESFAILURE}).
 */
public final class RedisCompletionSink implements CompletionSink, AutoCloseable {
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final String successStream;
  private final String failureStream;

  /**
   * Connects to Redis.
   *
   * @throws io.waterbodies.events.EventsConnectionException when Redis stays unreachable
   */
  public RedisCompletionSink(
      String redisUri, RetryPolicy connectPolicy, String successStream, String failureStream) {
    this.client = Connections.redisClient(redisUri);
    try {
      this.connection = Connections.withRetry("Redis", redisUri, connectPolicy, client::connect);
    } catch (RuntimeException e) {
      client.shutdown();
      throw e;
    }
    this.successStream = successStream;
    this.failureStream = failureStream;
  }

  @Override
  public void emit(CompletionEvent event) {
    connection.sync().xadd(event.succeeded() ? successStream : failureStream, event.fields());
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
