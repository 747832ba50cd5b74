package io.waterbodies.events.pipeline.internal;

import io.waterbodies.core.geo.Bbox;
import io.waterbodies.core.secret.Secret;
import io.waterbodies.events.pipeline.StacSource;
import io.waterbodies.stac.model.Collection;
import io.waterbodies.stac.model.Extent;
import io.waterbodies.stac.model.Item;
import io.waterbodies.stac.server.InMemoryStacStore;
import io.waterbodies.stac.server.StacApiServer;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The STAC API an embedded source is served from: loopback, an ephemeral port, the source's Items
 * in their collections, and writes (the results) accepted only with this run's fresh token.
 */
public final class EmbeddedStacServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStacServer.class);

  private final StacApiServer server;
  private final Secret writeToken;

  private EmbeddedStacServer(StacApiServer server, Secret writeToken) {
    this.server = server;
    this.writeToken = writeToken;
  }

  /** Serves the source's Items. */
  public static EmbeddedStacServer start(StacSource source) {
    InMemoryStacStore store = new InMemoryStacStore();
    List<Item> items = source.items();
    for (String c : source.collections()) {
      store.createCollection(
          Collection.builder(
                  c,
                  "Items served by the embedded pipeline",
                  "proprietary",
                  Extent.of(Bbox.of(-180, -90, 180, 90), Optional.empty(), Optional.empty()))
              .build()
              .toJson());
      store.putItems(
          c,
          items.stream()
              .filter(i -> i.collection().orElse("").equals(c))
              .map(Item::toJson)
              .toList());
    }
    Secret token = randomToken();
    StacApiServer server =
        StacApiServer.builder()
            .store(store)
            .host("127.0.0.1")
            .port(0)
            .writeToken(token)
            .build()
            .start();
    LOG.info("embedded STAC API at {} serving {} item(s)", server.uri(), items.size());
    return new EmbeddedStacServer(server, token);
  }

  /** A fresh bearer token: 32 random bytes, URL-safe base64. */
  private static Secret randomToken() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return Secret.of(Base64.getUrlEncoder().withoutPadding().encodeToString(b));
  }

  /** The server's address. */
  public URI uri() {
    return server.uri();
  }

  /** The token the server requires for writes. */
  public Secret writeToken() {
    return writeToken;
  }

  @Override
  public void close() {
    server.close();
  }
}
