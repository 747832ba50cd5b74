package io.waterbodies.events.watch;

import java.util.Objects;

/**
 * Where a {@link StacWatcher} puts its events: a Redis stream (XADD of fields {@code subject},
 * {@code producer}, {@code href}, {@code id}, {@code collection}, {@code datetime}) or a Pub/Sub
 * channel (PUBLISH of the same fields as a JSON object).
 *
 * @param name the stream or channel name
 * @param pubSub true for a channel, false for a stream
 */
public record WatchTarget(String name, boolean pubSub) {
  /** The reference deployment's stream. */
  public static final String DEFAULT_STREAM = "STREAM";

  /** The design note's channel. */
  public static final String DEFAULT_CHANNEL = "stac-events";

  /** Checks the name. */
  public WatchTarget {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("the stream or channel name must not be blank");
    }
  }

  /** XADD to a stream. */
  public static WatchTarget stream(String name) {
    return new WatchTarget(name, false);
  }

  /** PUBLISH to a channel. */
  public static WatchTarget channel(String name) {
    return new WatchTarget(name, true);
  }
}
