package io.waterbodies.stac.server.internal;

import io.waterbodies.core.secret.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may use the transactions endpoints: nobody, anybody (an explicit in-process choice), or
 * clients presenting a bearer token, compared in constant time.
 */
public final class WriteAccess {
  private enum Mode {
    DISABLED,
    OPEN,
    TOKEN
  }

  private final Mode mode;
  private final byte[] tokenDigest;

  private WriteAccess(Mode mode, byte[] tokenDigest) {
    this.mode = mode;
    this.tokenDigest = tokenDigest;
  }

  /** Transactions refused (403). */
  public static WriteAccess disabled() {
    return new WriteAccess(Mode.DISABLED, null);
  }

  /** Transactions allowed to anyone who reaches the server. */
  public static WriteAccess open() {
    return new WriteAccess(Mode.OPEN, null);
  }

  /** Transactions allowed with {@code Authorization: Bearer <token>}. */
  public static WriteAccess token(Secret token) {
    return new WriteAccess(Mode.TOKEN, digest(token.reveal()));
  }

  /** Whether any client may write at all (the transaction conformance classes are declared). */
  public boolean enabled() {
    return mode != Mode.DISABLED;
  }

  /**
   * Checks the {@code Authorization} header of a write request.
   *
   * @throws ApiError 401 when no bearer token is given, 403 when writes are disabled or the token
   *     is wrong
   */
  void check(Optional<String> authorization) {
    if (mode == Mode.OPEN) {
      return;
    }
    if (mode == Mode.DISABLED) {
      throw new ApiError(
          403,
          "Forbidden",
          "transactions are disabled on this server; start it with a write token"
              + " (stac serve --write-token) to allow them");
    }
    String h = authorization.orElse("").trim();
    if (!h.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
      throw new ApiError(
          401, "Unauthorized", "this request needs a bearer token: Authorization: Bearer <token>");
    }
    byte[] given = digest(h.substring("bearer ".length()).trim());
    // Digests have one length, so the comparison time says nothing about the token.
    if (!MessageDigest.isEqual(given, tokenDigest)) {
      throw new ApiError(403, "Forbidden", "the bearer token is not valid for writes");
    }
  }

  private static byte[] digest(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  @Override
  public String toString() {
    return "WriteAccess[" + mode.name().toLowerCase(Locale.ROOT) + "]";
  }
}
