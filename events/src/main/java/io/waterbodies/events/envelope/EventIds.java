package io.waterbodies.events.envelope;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Event ids in Argo's format (32 lowercase hex characters). Ids of Redis stream entries are derived
 * from the entry, so that re-publishing the same entry after a crash yields the same {@code
 * Nats-Msg-Id} and JetStream drops the duplicate.
 */
public final class EventIds {
  private EventIds() {}

  /**
   * The id of a Redis stream entry: the first 128 bits of SHA-256 over the event source name, the
   * event name, the stream and the entry id.
   */
  public static String forStreamEntry(
      String eventSource, String eventName, String stream, String messageId) {
    return hash(eventSource, eventName, stream, messageId);
  }

  /** A random id, for events that cannot be replayed (Pub/Sub messages). */
  public static String random() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  /** The first 128 bits of SHA-256 over the parts (separated by a newline), as 32 hex chars. */
  public static String hash(String... parts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (String p : parts) {
        md.update(p.getBytes(StandardCharsets.UTF_8));
        md.update((byte) '\n');
      }
      byte[] d = md.digest();
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
