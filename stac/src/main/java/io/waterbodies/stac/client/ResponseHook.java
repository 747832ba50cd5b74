package io.waterbodies.stac.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;

/**
 * Called with every JSON object the client receives (landing page, collections, item pages, items)
 * before it is turned into model objects, for example to sign asset hrefs. The hook may modify the
 * document in place.
 */
@FunctionalInterface
public interface ResponseHook {
  /** Inspects or modifies {@code document}, received from {@code uri}. */
  void afterReceive(URI uri, ObjectNode document);
}
