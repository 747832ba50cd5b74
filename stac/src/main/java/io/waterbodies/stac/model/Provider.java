package io.waterbodies.stac.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An organisation that captured, processed or hosts the data: {@code name}, optional {@code
 * description}, {@code roles} (licensor, producer, processor, host) and {@code url}.
 */
public final class Provider extends JsonBacked {
  private static final Set<String> KNOWN = Set.of("name", "description", "roles", "url");

  private Provider(ObjectNode node, String pointer) {
    super(node, pointer);
  }

  /** A builder for a provider named {@code name}. */
  public static Builder builder(String name) {
    return new Builder(Json.object()).name(name);
  }

  /** A provider from its JSON (copied). */
  public static Provider fromJson(JsonNode json) {
    return parse(Shape.object(json, "", "a provider").deepCopy(), "");
  }

  static Provider parse(JsonNode json, String pointer) {
    ObjectNode o = Shape.object(json, pointer, "a provider");
    Shape.requiredString(o, "name", pointer);
    Shape.optionalString(o, "description", pointer);
    Shape.optionalString(o, "url", pointer);
    Shape.stringList(o, "roles", pointer);
    return new Provider(o, pointer);
  }

  @Override
  Set<String> knownFields() {
    return KNOWN;
  }

  /** The organisation's name. */
  public String name() {
    return node.get("name").textValue();
  }

  /** What the organisation did. */
  public Optional<String> description() {
    return string("description");
  }

  /** The roles: licensor, producer, processor, host. */
  public List<String> roles() {
    return Shape.stringList(node, "roles", pointer);
  }

  /** The organisation's home page. */
  public Optional<String> url() {
    return string("url");
  }

  /** Builds a {@link Provider}. */
  public static final class Builder {
    private final ObjectNode node;

    private Builder(ObjectNode node) {
      this.node = node;
    }

    /** Sets the name. */
    public Builder name(String name) {
      node.put("name", Objects.requireNonNull(name, "name"));
      return this;
    }

    /** Sets the description. */
    public Builder description(String description) {
      node.put("description", description);
      return this;
    }

    /** Adds a role. */
    public Builder role(String role) {
      node.withArray("roles").add(role);
      return this;
    }

    /** Sets the URL. */
    public Builder url(String url) {
      node.put("url", url);
      return this;
    }

    /** The provider. */
    public Provider build() {
      return parse(node.deepCopy(), "");
    }
  }
}
