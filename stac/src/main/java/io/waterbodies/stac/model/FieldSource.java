package io.waterbodies.stac.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
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
   * The band objects in an array field, e.g. {@code eo:bands} or {@code raster:bands} (STAC 1.0) or
   * {@code bands} (1.1); empty when the field is absent.
   *
   * @throws io.waterbodies.stac.StacFormatException naming the pointer when the field is not an
   *     array of objects
   */
  List<Band> bandsIn(String field);

  /**
   * The JSON pointer of this object inside its document, for error messages ({@code ""} = root).
   */
  String pointer();
}
