package io.waterbodies.events.pipeline.internal;

import io.lettuce.core.api.StatefulRedisConnection;
import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.events.RedisAccess;
import io.waterbodies.events.internal.Connections;
import io.waterbodies.events.pipeline.CompletionEvent;

/**
 * XADDs completion events to the reference system's streams: successes to one stream (default
 * {@code WATERBODIES}), failures to another (default {@code WATERBODIESFAILURE}).
 */
public final class RedisCompletionSink implements CompletionSink, AutoCloseable {
  private final Connections.RedisEndpoint endpoint;
  private final StatefulRedisConnection<String, String> connection;
  private final String successStream;
  private final String failureStream;

  /**
   * Connects to Redis, from the host's client when the access names one (closing the sink closes
   * its connection and leaves that client running).
   *
   * @throws io.waterbodies.events.EventsConnectionException when Redis stays unreachable
   */
  public RedisCompletionSink(
      RedisAccess redis, RetryPolicy connectPolicy, String successStream, String failureStream) {
    this.endpoint = Connections.redis(redis);
    try {
      this.connection =
          Connections.withRetry("Redis", redis.describe(), connectPolicy, endpoint::connect);
    } catch (RuntimeException e) {
      endpoint.release();
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
    endpoint.release();
  }
}
