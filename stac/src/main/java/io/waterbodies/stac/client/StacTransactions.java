package io.waterbodies.stac.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.stac.client.internal.HttpResult;
import io.waterbodies.stac.client.internal.HttpTransport;
import io.waterbodies.stac.client.internal.ModelConversion;
import io.waterbodies.stac.internal.Uris;
import io.waterbodies.stac.model.Collection;
import io.waterbodies.stac.model.Item;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The transactions extension of a STAC API: create, replace and delete items and collections. This
 * is how a workflow publishes its results to a catalog. Failures are typed: {@link
 * StacApiConflictException} when creating something that exists, {@link StacApiNotFoundException}
 * when replacing or deleting something that does not. Replacements and deletions are retried like
 * any request; creations are sent once (a retried create that had reached the server would answer
 * 409).
 *
 * <pre>{@code
 * StacTransactions tx = client.transactions();
 * tx.createItem("water-bodies", item);   // POST /collections/water-bodies/items
 * tx.updateItem("water-bodies", changed); // PUT  /collections/water-bodies/items/{id}
 * }</pre>
 */
public final class StacTransactions {
  private final StacApiClient client;
  private final HttpTransport transport;

  StacTransactions(StacApiClient client, HttpTransport transport) {
    this.client = client;
    this.transport = transport;
  }

  /**
   * Creates an item in a collection ({@code POST /collections/{c}/items}).
   *
   * @return the item as stored by the server, or the item sent when the server returns no body
   * @throws StacApiConflictException when the item exists
   * @throws StacApiNotFoundException when the collection does not exist
   */
  public Item createItem(String collectionId, Item item) {
    Objects.requireNonNull(item, "item");
    URI target = client.itemsUri(collectionId);
    return toItem(transport.sendOnceOnly("POST", target, body(item.toJson())), item, target);
  }

  /**
   * Creates an item in the collection its {@code collection} field names.
   *
   * @throws IllegalArgumentException when the item names no collection
   */
  public Item createItem(Item item) {
    return createItem(collectionOf(item), item);
  }

  /**
   * Replaces an item ({@code PUT /collections/{c}/items/{id}}).
   *
   * @throws StacApiNotFoundException when it does not exist
   */
  public Item updateItem(String collectionId, Item item) {
    Objects.requireNonNull(item, "item");
    URI target = StacApiClient.appendPath(client.itemsUri(collectionId), Uris.encode(item.id()));
    return toItem(transport.send("PUT", target, body(item.toJson()), Map.of()), item, target);
  }

  /** Replaces an item in the collection its {@code collection} field names. */
  public Item updateItem(Item item) {
    return updateItem(collectionOf(item), item);
  }

  /**
   * Deletes an item ({@code DELETE /collections/{c}/items/{id}}).
   *
   * @throws StacApiNotFoundException when it does not exist
   */
  public void deleteItem(String collectionId, String itemId) {
    URI target = StacApiClient.appendPath(client.itemsUri(collectionId), Uris.encode(itemId));
    transport.send("DELETE", target, Optional.empty(), Map.of());
  }

  /**
   * Creates a collection ({@code POST /collections}).
   *
   * @throws StacApiConflictException when it exists
   */
  public Collection createCollection(Collection collection) {
    Objects.requireNonNull(collection, "collection");
    URI target = client.collectionsUri();
    return toCollection(
        transport.sendOnceOnly("POST", target, body(collection.toJson())), collection, target);
  }

  /**
   * Replaces a collection ({@code PUT /collections/{id}}).
   *
   * @throws StacApiNotFoundException when it does not exist
   */
  public Collection updateCollection(Collection collection) {
    Objects.requireNonNull(collection, "collection");
    URI target = client.collectionUri(collection.id());
    return toCollection(
        transport.send("PUT", target, body(collection.toJson()), Map.of()), collection, target);
  }

  /**
   * Deletes a collection and its items ({@code DELETE /collections/{id}}).
   *
   * @throws StacApiNotFoundException when it does not exist
   */
  public void deleteCollection(String collectionId) {
    transport.send("DELETE", client.collectionUri(collectionId), Optional.empty(), Map.of());
  }

  private static String collectionOf(Item item) {
    return Objects.requireNonNull(item, "item")
        .collection()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "item '" + item.id() + "' names no collection; pass the collection id"));
  }

  private static Optional<String> body(ObjectNode doc) {
    return Optional.of(Json.write(doc, false));
  }

  private Item toItem(HttpResult r, Item sent, URI target) {
    Optional<ObjectNode> doc = answer(r);
    return doc.isPresent() && doc.get().has("id")
        ? ModelConversion.item(doc.get(), target, "")
        : sent;
  }

  private Collection toCollection(HttpResult r, Collection sent, URI target) {
    Optional<ObjectNode> doc = answer(r);
    return doc.isPresent() && doc.get().has("id")
        ? ModelConversion.collection(doc.get(), target, "")
        : sent;
  }

  private Optional<ObjectNode> answer(HttpResult r) {
    if (r.body().length == 0) {
      return Optional.empty();
    }
    JsonNode n = transport.object(r);
    return Optional.of((ObjectNode) n);
  }
}
