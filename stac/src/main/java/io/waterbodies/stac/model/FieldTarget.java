package io.waterbodies.stac.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A builder that accepts named fields: {@link Item.Builder} (into the Item's properties) and {@link
 * Asset.Builder}. The extension writers in {@code io.waterbodies.stac.ext} write through it.
 */
public interface FieldTarget {
  /** Sets a field to a copy of {@code value}. */
  FieldTarget set(String name, JsonNode value);

  /** Removes a field; nothing happens when it is absent. */
  FieldTarget remove(String name);

  /**
   * Declares an extension schema URI in the document's {@code stac_extensions}. Targets that are
   * not documents (an Asset) ignore it; add the URI to the Item that holds them.
   */
  default FieldTarget declareExtension(String schemaUri) {
    return this;
  }
}
