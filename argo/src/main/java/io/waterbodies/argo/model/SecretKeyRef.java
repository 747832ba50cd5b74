package io.waterbodies.argo.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** A key of a Kubernetes Secret ({@code SecretKeySelector}): where a credential is read from. */
public record SecretKeyRef(String name, String key) {
  /** Checks the fields. */
  public SecretKeyRef {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(key, "key");
  }

  /** Writes this reference into {@code selector} (a {@code SecretKeySelector}) and returns it. */
  public ObjectNode writeTo(ObjectNode selector) {
    selector.put("name", name);
    selector.put("key", key);
    return selector;
  }
}
