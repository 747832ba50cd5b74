package io.waterbodies.events.sensor.internal;

import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.waterbodies.events.sensor.engine.CompletedKeys;
import io.waterbodies.events.sensor.engine.PendingEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The sensor's JetStream key-value bucket: idempotency keys and the events held for their partners.
 *
 * <p>A key is claimed with KV {@code create}, which fails when the key exists, holding {@code
 * claimed <expiry-ms> <event ids>}; when the trigger ran it becomes {@code done <event ids>}
 * (values written by earlier versions, the event id alone, also read as done). A claim whose expiry
 * passed (its sensor crashed while firing) is taken over with a revision-checked update, so only
 * one claimant wins. Held events live under {@code pending.<trigger>.<dependency>}.
 */
final class KvSensorStore implements CompletedKeys, PendingEvents {
  private static final String CLAIMED = "claimed ";
  private static final int WRONG_LAST_SEQUENCE = 10071;

  private final JetStreamSensorTransport transport;
  private volatile KeyValue kv;
  private long generation;

  KvSensorStore(JetStreamSensorTransport transport, KeyValue kv) {
    this.transport = transport;
    this.kv = kv;
    this.generation = transport.generation();
  }

  private KeyValue kv() throws IOException {
    if (generation != transport.generation()) {
      synchronized (this) {
        kv = transport.bucket();
        generation = transport.generation();
      }
    }
    return kv;
  }

  @Override
  public Claim claim(String key, String eventId, Duration expiry)
      throws IOException, JetStreamApiException {
    byte[] claim =
        (CLAIMED + Instant.now().plus(expiry).toEpochMilli() + " " + eventId)
            .getBytes(StandardCharsets.UTF_8);
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        kv().create(key, claim);
        return Claim.CLAIMED;
      } catch (JetStreamApiException e) {
        if (e.getApiErrorCode() != WRONG_LAST_SEQUENCE) {
          throw e;
        }
      }
      KeyValueEntry entry = kv().get(key);
      if (entry == null || entry.getValue() == null) {
        continue; // deleted meanwhile: create again
      }
      String v = new String(entry.getValue(), StandardCharsets.UTF_8);
      if (!v.startsWith(CLAIMED)) {
        return Claim.DONE;
      }
      if (expiresAt(v) > System.currentTimeMillis()) {
        return Claim.BUSY;
      }
      try {
        kv().update(key, claim, entry.getRevision());
        return Claim.CLAIMED;
      } catch (JetStreamApiException e) {
        if (e.getApiErrorCode() != WRONG_LAST_SEQUENCE) {
          throw e;
        }
        return Claim.BUSY;
      }
    }
    return Claim.BUSY;
  }

  private static long expiresAt(String claimed) {
    String rest = claimed.substring(CLAIMED.length());
    int sp = rest.indexOf(' ');
    try {
      return Long.parseLong(sp < 0 ? rest : rest.substring(0, sp));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  @Override
  public void complete(String key, String eventId) throws IOException, JetStreamApiException {
    kv().put(key, ("done " + eventId).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void release(String key) throws IOException, JetStreamApiException {
    KeyValueEntry entry = kv().get(key);
    if (entry != null
        && entry.getValue() != null
        && new String(entry.getValue(), StandardCharsets.UTF_8).startsWith(CLAIMED)) {
      kv().delete(key);
    }
  }

  private static String pendingKey(String trigger, String dependency) {
    return "pending." + SensorEngine.durable(trigger) + "." + SensorEngine.durable(dependency);
  }

  @Override
  public Map<String, Held> load(String trigger, Collection<String> dependencies)
      throws IOException, JetStreamApiException {
    Map<String, Held> out = new HashMap<>();
    for (String d : dependencies) {
      KeyValueEntry e = kv().get(pendingKey(trigger, d));
      if (e == null || e.getValue() == null || e.getValue().length == 0) {
        continue;
      }
      byte[] v = e.getValue();
      int nl = indexOf(v, (byte) '\n');
      if (nl < 0) {
        continue;
      }
      long at = Long.parseLong(new String(v, 0, nl, StandardCharsets.US_ASCII));
      out.put(d, new Held(Arrays.copyOfRange(v, nl + 1, v.length), Instant.ofEpochMilli(at)));
    }
    return out;
  }

  private static int indexOf(byte[] v, byte b) {
    for (int i = 0; i < v.length; i++) {
      if (v[i] == b) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public void save(String trigger, String dependency, Held event)
      throws IOException, JetStreamApiException {
    byte[] head = (event.savedAt().toEpochMilli() + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] v = Arrays.copyOf(head, head.length + event.body().length);
    System.arraycopy(event.body(), 0, v, head.length, event.body().length);
    kv().put(pendingKey(trigger, dependency), v);
  }

  @Override
  public void clear(String trigger, Collection<String> dependencies, Optional<Instant> before)
      throws IOException, JetStreamApiException {
    Map<String, Held> held = load(trigger, dependencies);
    for (var e : held.entrySet()) {
      if (before.isEmpty() || e.getValue().savedAt().isBefore(before.get())) {
        kv().delete(pendingKey(trigger, e.getKey()));
      }
    }
  }
}
