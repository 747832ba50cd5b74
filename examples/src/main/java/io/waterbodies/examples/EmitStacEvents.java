package io.waterbodies.examples;

import io.waterbodies.events.watch.StacSearchSource;
import io.waterbodies.events.watch.StacWatcher;
import io.waterbodies.events.watch.WatchTarget;
import io.waterbodies.stac.client.StacApiClient;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Emit STAC events only: search a STAC API for the items of one collection acquired since a given
 * time and add one entry per new item to a Redis stream, exactly as the reference system's event
 * producer does (fields {@code subject}, {@code producer}, {@code href}, {@code id}, {@code
 * collection}, {@code datetime}). Nothing else runs: no event bus, no sensor, no workflow. Items
 * already emitted are remembered in Redis, so running it again emits only what is new.
 *
 * <pre>
 * java -cp examples/target/waterbodies.jar io.waterbodies.examples.EmitStacEvents \
 *     https://earth-search.aws.element84.com/v1 sentinel-2-l2a PT6H STREAM
 * redis-cli XRANGE STREAM - +
 * </pre>
 *
 * <p>Arguments (all optional): STAC API root (default Earth Search), collection (default {@code
 * sentinel-2-l2a}), how far back to search as an ISO-8601 duration (default {@code PT6H}), Redis
 * stream (default {@code STREAM}), Redis URI (default {@code redis://127.0.0.1:6379}).
 */
public final class EmitStacEvents {
  private EmitStacEvents() {}

  /**
   * Searches {@code collection} of the API at {@code stac} for items from {@code since} to now and
   * XADDs the new ones to {@code stream}.
   *
   * @param stateKey Redis key prefix remembering the items already emitted
   * @return the number of events emitted
   */
  public static int emitOnce(
      URI stac, String collection, Instant since, String redisUri, String stream, String stateKey) {
    try (StacApiClient client = StacApiClient.open(stac);
        StacWatcher watcher =
            StacWatcher.builder()
                .source(StacSearchSource.stacApi(client, List.of(collection), Optional.empty()))
                .redisUri(redisUri)
                .target(WatchTarget.stream(stream))
                .stateKey(stateKey)
                .since(since)
                // One window from `since` to now, so a single poll covers the whole period.
                .window(Duration.between(since, Instant.now()).plusMinutes(1))
                .build()) {
      return watcher.pollOnce();
    }
  }

  /** Runs one search and prints how many events went to the stream. */
  public static void main(String[] args) {
    URI stac = URI.create(arg(args, 0, "https://earth-search.aws.element84.com/v1"));
    String collection = arg(args, 1, "sentinel-2-l2a");
    Duration back = Duration.parse(arg(args, 2, "PT6H"));
    String stream = arg(args, 3, WatchTarget.DEFAULT_STREAM);
    String redis = arg(args, 4, "redis://127.0.0.1:6379");
    int n =
        emitOnce(
            stac,
            collection,
            Instant.now().minus(back),
            redis,
            stream,
            "waterbodies:example:" + stream);
    System.out.printf(
        "emitted %d event(s) for new %s items of the last %s to Redis stream %s%n",
        n, collection, back, stream);
  }

  private static String arg(String[] args, int i, String dflt) {
    return args.length > i ? args[i] : dflt;
  }
}
