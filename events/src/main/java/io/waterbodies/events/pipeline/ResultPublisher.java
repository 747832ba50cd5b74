package io.waterbodies.events.pipeline;

import io.waterbodies.core.geo.Bbox;
import io.waterbodies.stac.StacException;
import io.waterbodies.stac.client.StacApiClient;
import io.waterbodies.stac.client.StacApiConflictException;
import io.waterbodies.stac.client.StacTransactions;
import io.waterbodies.stac.model.Collection;
import io.waterbodies.stac.model.Extent;
import io.waterbodies.stac.model.Item;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs a workflow's result Items to the STAC API (transactions extension), all or nothing: when
 * one POST fails, the Items already created are deleted again, so a failed run leaves no partial
 * result. Used by the embedded pipeline and by the cluster workflow's {@code waterbodies publish}
 * step, which {@linkplain #replacingExisting() replaces} Items an earlier attempt created.
 */
public final class ResultPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(ResultPublisher.class);

  private final StacApiClient client;
  private final String collection;
  private final boolean replace;

  /** Publishes into {@code collection} of the API behind {@code client}. */
  public ResultPublisher(StacApiClient client, String collection) {
    this(client, collection, false);
  }

  private ResultPublisher(StacApiClient client, String collection, boolean replace) {
    this.client = client;
    this.collection = collection;
    this.replace = replace;
  }

  /**
   * A publisher that replaces an Item which exists already (PUT after the POST's 409) instead of
   * failing, so a retried step publishes its Items once.
   */
  public ResultPublisher replacingExisting() {
    return new ResultPublisher(client, collection, true);
  }

  /** The result collection's id. */
  public String collection() {
    return collection;
  }

  /** Creates the result collection when the API does not have it. */
  public void ensureCollection() {
    if (client.collection(collection).isPresent()) {
      return;
    }
    try {
      client
          .transactions()
          .createCollection(
              Collection.builder(
                      collection,
                      "Water bodies detected by the waterbodies pipeline",
                      "proprietary",
                      Extent.of(Bbox.of(-180, -90, 180, 90), Optional.empty(), Optional.empty()))
                  .build());
      LOG.info("created result collection {} at {}", collection, client.uri());
    } catch (StacApiConflictException e) {
      // Another run created it between our check and our POST: that is what we wanted.
      LOG.debug("result collection {} appeared concurrently", collection);
    }
  }

  /**
   * Creates every Item, or none.
   *
   * @throws StacException when a POST fails (after deleting the Items created before it)
   */
  public void publish(List<Item> items) {
    publishAll(items);
  }

  /**
   * The URL of a published Item in the API (what completion events carry as {@code href}).
   *
   * @param itemId the Item's id
   */
  public java.net.URI itemUrl(String itemId) {
    return client.itemUri(collection, itemId);
  }

  private void publishAll(List<Item> items) {
    StacTransactions tx = client.transactions();
    List<String> created = new ArrayList<>();
    try {
      for (Item i : items) {
        try {
          tx.createItem(collection, i);
          created.add(i.id());
        } catch (StacApiConflictException e) {
          if (!replace) {
            throw e;
          }
          // Published by an earlier attempt: this run's Item replaces it (and is not rolled back).
          tx.updateItem(collection, i);
        }
      }
    } catch (RuntimeException e) {
      for (String id : created) {
        try {
          tx.deleteItem(collection, id);
        } catch (RuntimeException d) {
          LOG.warn(
              "could not delete partial result item {}/{}: {}", collection, id, d.getMessage());
        }
      }
      throw e;
    }
  }
}
