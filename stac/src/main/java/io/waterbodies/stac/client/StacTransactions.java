package io.waterbodies.stac.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.stac.client.internal.HttpResult;
import io.waterbodies.stac.client.internal.HttpTransport;
import io.waterbodies.stac.client.internal.Uris;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The transactions extension of a STAC API: create, replace and delete items and collections. This
 * is how a workflow publishes its results to a catalog. Failures are typed: {@link
 * StacApiConflictException} when creating something that exists, {@link StacApiNotFoundException}
 * when replacing or deleting something that does not.
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
   */
  public ObjectNode createItem(String collectionId, ObjectNode item) {
    requireId(item, "item");
    URI target = client.itemsUri(collectionId);
    return answer(transport.send("POST", target, body(item), Map.of()), item);
  }

  /** Replaces an item ({@code PUT /collections/{c}/items/{id}}). */
  public ObjectNode updateItem(String collectionId, ObjectNode item) {
    String id = requireId(item, "item");
    URI target = StacApiClient.appendPath(client.itemsUri(collectionId), Uris.encode(id));
    return answer(transport.send("PUT", target, body(item), Map.of()), item);
  }

  /** Deletes an item ({@code DELETE /collections/{c}/items/{id}}). */
  public void deleteItem(String collectionId, String itemId) {
    URI target = StacApiClient.appendPath(client.itemsUri(collectionId), Uris.encode(itemId));
    transport.send("DELETE", target, Optional.empty(), Map.of());
  }

  /** Creates a collection ({@code POST /collections}). */
  public ObjectNode createCollection(ObjectNode collection) {
    requireId(collection, "collection");
    return answer(
        transport.send("POST", client.collectionsUri(), body(collection), Map.of()), collection);
  }

  /** Replaces a collection ({@code PUT /collections/{id}}). */
  public ObjectNode updateCollection(ObjectNode collection) {
    String id = requireId(collection, "collection");
    return answer(
        transport.send("PUT", client.collectionUri(id), body(collection), Map.of()), collection);
  }

  /** Deletes a collection and its items ({@code DELETE /collections/{id}}). */
  public void deleteCollection(String collectionId) {
    transport.send("DELETE", client.collectionUri(collectionId), Optional.empty(), Map.of());
  }

  private static String requireId(ObjectNode doc, String what) {
    Objects.requireNonNull(doc, what);
    JsonNode id = doc.get("id");
    if (id == null || !id.isTextual() || id.asText().isBlank()) {
      throw new IllegalArgumentException("the " + what + " has no 'id'");
    }
    return id.asText();
  }

  private static Optional<String> body(ObjectNode doc) {
    return Optional.of(Json.write(doc, false));
  }

  private ObjectNode answer(HttpResult r, ObjectNode sent) {
    if (r.body().length == 0) {
      return sent.deepCopy();
    }
    return transport.object(r);
  }
}
