package io.waterbodies.stac.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The {@code properties} of an {@link Item}: the common metadata through typed accessors, every
 * other property (extensions, vendor fields) through {@link #field(String)} and {@link
 * #extraFields()}.
 */
public final class ItemProperties extends JsonBacked implements CommonMetadata {
  private static final Set<String> KNOWN =
      Set.of(
          "title",
          "description",
          "datetime",
          "start_datetime",
          "end_datetime",
          "created",
          "updated",
          "license",
          "providers",
          "platform",
          "instruments",
          "constellation",
          "mission",
          "gsd");

  ItemProperties(ObjectNode node, String pointer) {
    super(node, pointer);
  }

  @Override
  Set<String> knownFields() {
    return KNOWN;
  }

  /** The names of all properties, in document order. */
  public Set<String> names() {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    node.fieldNames().forEachRemaining(out::add);
    return Collections.unmodifiableSet(out);
  }
}
