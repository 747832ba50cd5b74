package io.waterbodies.events.source;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.nats.client.Connection;
import io.waterbodies.events.TestServers;
import io.waterbodies.events.bus.EventBusConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The set-up the Redis event source's tests share: a Redis connection, a NATS connection, a bus and
 * a stream with names of their own on the local servers, removed again after each test.
 */
abstract class SourceTestBase {
  RedisClient client;
  StatefulRedisConnection<String, String> conn;
  RedisCommands<String, String> redis;
  Connection nc;
  EventBusConfig bus;
  String stream;

  @BeforeEach
  void openServers() throws Exception {
    TestServers.require();
    client = RedisClient.create(TestServers.REDIS);
    conn = client.connect();
    redis = conn.sync();
    nc = TestServers.nats();
    bus = TestServers.uniqueBus();
    stream = TestServers.unique("STREAM");
  }

  @AfterEach
  void removeWhatTheTestMade() throws Exception {
    redis.del(stream, stream + ":dead-letter");
    TestServers.deleteStream(nc, bus.streamName());
    TestServers.deleteStream(nc, bus.streamName() + "-dead-letter");
    nc.close();
    conn.close();
    client.shutdown();
  }
}
