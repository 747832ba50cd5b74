package io.waterbodies.argo.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.argo.internal.Trees;
import io.waterbodies.core.json.Json;
import java.util.Objects;
import java.util.Optional;

/**
 * Base of every typed Argo view: an immutable JSON object with typed accessors. The full object,
 * including fields this SDK does not model, is kept, so reading a manifest someone else wrote,
 * changing it through {@code toBuilder()} and writing it back preserves everything else.
 */
public abstract class ArgoObject {
  private final ObjectNode node;

  /** Wraps a copy of {@code node}; later changes to the argument do not affect this object. */
  protected ArgoObject(ObjectNode node) {
    this.node = Objects.requireNonNull(node, "node").deepCopy();
  }

  /** A copy of the whole object as JSON, unknown fields included. */
  public ObjectNode toJson() {
    return node.deepCopy();
  }

  /** Read-only access for subclasses; never hand this node out. */
  protected final JsonNode node() {
    return node;
  }

  /** The text at a path of fields. */
  protected final Optional<String> text(String... path) {
    return Trees.text(node, path);
  }

  /** A field that is not modelled by this SDK, as JSON, when present. */
  public Optional<JsonNode> field(String name) {
    JsonNode n = node.get(name);
    return n == null ? Optional.empty() : Optional.of(n.deepCopy());
  }

  @Override
  public boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && ((ArgoObject) o).node.equals(node);
  }

  @Override
  public int hashCode() {
    return node.hashCode();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + Json.write(node, false);
  }
}
