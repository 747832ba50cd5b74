package io.waterbodies.argo.model;

import java.util.Objects;

/** A key of a Kubernetes Secret ({@code SecretKeySelector}): where a credential is read from. */
public record SecretKeyRef(String name, String key) {
  /** Checks the fields. */
  public SecretKeyRef {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(key, "key");
  }
}
