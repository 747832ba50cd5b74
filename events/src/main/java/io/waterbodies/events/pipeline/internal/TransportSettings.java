package io.waterbodies.events.pipeline.internal;

import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.events.bus.EventBusConfig;
import java.time.Duration;
import java.time.Instant;

/**
 * What both transports need to move items from the STAC search to the trigger.
 *
 * @param redisUri the Redis URI
 * @param natsUri the NATS URI
 * @param bus the JetStream bus layout (the in-memory bus uses its subjects too)
 * @param stream the Redis stream the watcher writes
 * @param eventSourceName the event source name
 * @param eventName the event name
 * @param producer the watcher's {@code producer} field
 * @param stateKey the Redis key prefix of the watcher's state
 * @param since the first window's start
 * @param window the longest search window
 * @param pollInterval the pause between searches
 * @param maxAttempts trigger attempts before an event is given up
 * @param backoff delays between attempts and after failures
 * @param connectPolicy retries when connecting to Redis and NATS
 */
public record TransportSettings(
    String redisUri,
    String natsUri,
    EventBusConfig bus,
    String stream,
    String eventSourceName,
    String eventName,
    String producer,
    String stateKey,
    Instant since,
    Duration window,
    Duration pollInterval,
    int maxAttempts,
    RetryPolicy backoff,
    RetryPolicy connectPolicy) {}
