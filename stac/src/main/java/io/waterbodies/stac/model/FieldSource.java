package io.waterbodies.stac.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Something that holds named JSON fields: Item properties, an Asset, a Band, a Collection. The
 * extension accessors in {@code io.waterbodies.stac.ext} read through this interface, so the same
 * accessor works on an Item's properties and on an Asset.
 */
public interface FieldSource {
  /** The value of a field, a copy, or empty when the field is absent. */
  Optional<JsonNode> field(String name);

  /**
   * The JSON pointer of this object inside its document, for error messages ({@code ""} = root).
   */
  String pointer();
}
