package io.waterbodies.events.sensor.internal;

import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.PublishOptions;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.PublishAck;
import io.waterbodies.events.sensor.engine.CompletedKeys;
import io.waterbodies.events.sensor.engine.PendingEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The sensor's JetStream key-value bucket: idempotency keys and the events held for their partners.
 *
 * <p>A key is claimed with KV {@code create}, which fails when the key exists, holding {@code
 * claimed <expiry-ms> <event ids>}; when the trigger ran it becomes {@code done <event ids>}
 * (values written by earlier versions, the event id alone, also read as done). A claim whose expiry
 * passed (its sensor crashed while firing) is taken over with a revision-checked update, so only
 * one claimant wins. Held events live under {@code pending.<trigger>.<dependency>}.
 *
 * <p>A batch's claims and records are published at once and their acknowledgements awaited
 * together: one round trip per batch instead of one per key.
 */
final class KvSensorStore implements CompletedKeys, PendingEvents {
  private static final String CLAIMED = "claimed ";
  private static final int WRONG_LAST_SEQUENCE = 10071;
  private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(10);
  // A KV create: no earlier message on the key's subject.
  private static final PublishOptions CREATE =
      PublishOptions.builder().expectedLastSubjectSequence(0).build();

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
    byte[] claim = claimValue(eventId, expiry);
    try {
      kv().create(key, claim);
      return Claim.CLAIMED;
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != WRONG_LAST_SEQUENCE) {
        throw e;
      }
    }
    return claimExisting(key, claim);
  }

  private static byte[] claimValue(String eventIds, Duration expiry) {
    return (CLAIMED + Instant.now().plus(expiry).toEpochMilli() + " " + eventIds)
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The claim of a key that existed when it was created: done, busy, or an expired claim. */
  private Claim claimExisting(String key, byte[] claim) throws IOException, JetStreamApiException {
    for (int attempt = 0; attempt < 3; attempt++) {
      KeyValueEntry entry = kv().get(key);
      if (entry == null || entry.getValue() == null) {
        // Missing or deleted (a released claim): create it, unless someone else just did.
        try {
          kv().create(key, claim);
          return Claim.CLAIMED;
        } catch (JetStreamApiException e) {
          if (e.getApiErrorCode() != WRONG_LAST_SEQUENCE) {
            throw e;
          }
          continue;
        }
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

  /**
   * Publishes the creates of all keys at once (a KV create is a publish to the key's subject
   * expecting no earlier message on it) and waits for all acknowledgements; a key that exists
   * (done, claimed, deleted, or an expired claim) takes the path of {@link #claim}.
   */
  @Override
  public List<Outcome> claimAll(List<Entry> entries, Duration expiry) {
    List<CompletableFuture<PublishAck>> acks = new ArrayList<>(entries.size());
    List<byte[]> claims = new ArrayList<>(entries.size());
    String prefix;
    try {
      prefix = subjectPrefix();
    } catch (IOException e) {
      return entries.stream().map(x -> Outcome.failed(e)).toList();
    }
    for (Entry e : entries) {
      byte[] claim = claimValue(e.eventIds(), expiry);
      claims.add(claim);
      acks.add(publish(prefix + e.key(), claim, CREATE));
    }
    long deadline = System.nanoTime() + BATCH_TIMEOUT.toNanos();
    List<Outcome> out = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      Exception failure = await(acks.get(i), deadline);
      if (failure == null) {
        out.add(Outcome.of(Claim.CLAIMED));
      } else if (failure instanceof JetStreamApiException) {
        // Exists already (or the server could not tell): decide as a single claim does.
        try {
          out.add(Outcome.of(claimExisting(entries.get(i).key(), claims.get(i))));
        } catch (IOException | JetStreamApiException | RuntimeException e) {
          out.add(Outcome.failed(e));
        }
      } else {
        out.add(Outcome.failed(failure));
      }
    }
    return out;
  }

  /** Publishes all puts at once and waits for their acknowledgements. */
  @Override
  public Map<String, Exception> completeAll(List<Entry> entries) {
    return completeAllAsync(entries).join();
  }

  /** Publishes all puts at once; completes when every acknowledgement came (or timed out). */
  @Override
  public CompletableFuture<Map<String, Exception>> completeAllAsync(List<Entry> entries) {
    String prefix;
    try {
      prefix = subjectPrefix();
    } catch (IOException e) {
      Map<String, Exception> failed = new LinkedHashMap<>();
      entries.forEach(x -> failed.put(x.key(), e));
      return CompletableFuture.completedFuture(failed);
    }
    List<CompletableFuture<PublishAck>> acks = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      acks.add(publish(prefix + e.key(), doneValue(e.eventIds()), null));
    }
    return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
        .orTimeout(BATCH_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)
        .handle(
            (done, timeout) -> {
              Map<String, Exception> failed = new LinkedHashMap<>();
              for (int i = 0; i < entries.size(); i++) {
                // Every future is complete unless the timeout struck: then awaiting is immediate.
                Exception failure = await(acks.get(i), System.nanoTime());
                if (failure != null) {
                  failed.put(entries.get(i).key(), failure);
                }
              }
              return failed;
            });
  }

  /** The subject of a key is this prefix and the key (the bucket is a plain local one). */
  private String subjectPrefix() throws IOException {
    return "$KV." + kv().getBucketName() + ".";
  }

  private CompletableFuture<PublishAck> publish(String subject, byte[] value, PublishOptions o) {
    try {
      return transport.js().publishAsync(subject, value, o);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Null when acknowledged, else the failure (a JetStreamApiException when the server refused). */
  private static Exception await(CompletableFuture<PublishAck> ack, long deadline) {
    try {
      ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ack.cancel(false);
      return e;
    } catch (TimeoutException | CancellationException e) {
      ack.cancel(false);
      return new IOException("no acknowledgement from JetStream within " + BATCH_TIMEOUT, e);
    } catch (ExecutionException e) {
      for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
        if (c instanceof JetStreamApiException api) {
          return api;
        }
      }
      return e.getCause() instanceof Exception x ? x : e;
    }
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
    kv().put(key, doneValue(eventId));
  }

  private static byte[] doneValue(String eventIds) {
    return ("done " + eventIds).getBytes(StandardCharsets.UTF_8);
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
