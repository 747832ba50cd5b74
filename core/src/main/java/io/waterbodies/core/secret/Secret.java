package io.waterbodies.core.secret;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * A password or token. Its {@link #toString()} is always {@code "****"}, so a secret held in a
 * configuration record cannot leak through logging or exception messages; code that needs the value
 * calls {@link #reveal()} at the last moment.
 */
public final class Secret {
  private static final String MASK = "****";
  private final char[] value;

  private Secret(char[] value) {
    this.value = value;
  }

  /** Wraps a value; it must not be empty. */
  public static Secret of(String value) {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("a secret must not be empty");
    }
    return new Secret(value.toCharArray());
  }

  /** The value itself. Pass it straight to the client that needs it; never log it. */
  public String reveal() {
    return new String(value);
  }

  /** Always {@code "****"}. */
  @Override
  public String toString() {
    return MASK;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Secret s)) {
      return false;
    }
    return MessageDigest.isEqual(
        new String(value).getBytes(java.nio.charset.StandardCharsets.UTF_8),
        new String(s.value).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(value);
  }
}
