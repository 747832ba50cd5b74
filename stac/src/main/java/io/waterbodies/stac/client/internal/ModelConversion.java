package io.waterbodies.stac.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.waterbodies.stac.StacFormatException;
import io.waterbodies.stac.internal.Uris;
import io.waterbodies.stac.model.Collection;
import io.waterbodies.stac.model.Item;
import io.waterbodies.stac.model.ItemCollection;
import java.net.URI;

/**
 * Turns JSON received from an API into model objects, located where they came from (an item at its
 * {@code self} link, else the response URL) and with errors naming the URL and JSON pointer.
 */
public final class ModelConversion {
  private ModelConversion() {}

  /** An item from {@code json}, received at {@code from}; {@code pointer} locates it there. */
  public static Item item(JsonNode json, URI from, String pointer) {
    try {
      return Item.fromJson(json).withLocation(selfOr(json, from));
    } catch (StacFormatException e) {
      throw new StacFormatException(
          e.detail(), from.toString(), pointer + e.pointer().orElse(""), e);
    }
  }

  /** An item collection (a page) received at {@code from}. */
  public static ItemCollection itemCollection(JsonNode json, URI from) {
    try {
      return ItemCollection.fromJson(json).withLocation(from);
    } catch (StacFormatException e) {
      throw e.at(from.toString());
    }
  }

  /** A collection received at {@code from}. */
  public static Collection collection(JsonNode json, URI from, String pointer) {
    try {
      return Collection.fromJson(json).withLocation(selfOr(json, from));
    } catch (StacFormatException e) {
      throw new StacFormatException(
          e.detail(), from.toString(), pointer + e.pointer().orElse(""), e);
    }
  }

  private static URI selfOr(JsonNode json, URI from) {
    for (JsonNode l : json.path("links")) {
      if ("self".equals(l.path("rel").asText()) && l.path("href").isTextual()) {
        try {
          URI u = Uris.resolve(from, l.get("href").asText());
          if (u.isAbsolute()) {
            return u;
          }
        } catch (IllegalArgumentException e) {
          return from;
        }
      }
    }
    return from;
  }
}
