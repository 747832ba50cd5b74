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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The sensor's JetStream key-value bucket: idempotency keys and the events held for their partners.
 *
 * <p>A key is claimed with KV {@code create}, which fails when the key exists, holding {@code
 * claimed <expiry-ms> <event ids> @<group>}. The triggers that ran are recorded by group: one value
 * {@code done.<group>} lists the keys, one per line, whose claims named that group, so a batch of
 * records is one write, not one per key (at a few thousand events/s that was a third of the
 * messages the server handled per event). A claimed key is done when its group's record lists it. A
 * key whose group was recorded before its trigger ran (a claim made by another route while the
 * record was written, a record retried) is recorded on the key itself as {@code done <event ids>};
 * values of earlier versions ({@code done ...}, the event id alone) are read as done too. A claim
 * whose expiry passed and that no record lists (its sensor crashed while firing) is taken over with
 * a revision-checked update, so only one claimant wins. Held events live under {@code
 * pending.<trigger>.<dependency>}.
 *
 * <p>A batch's claims and records are published at once and their acknowledgements awaited
 * together: one round trip per batch instead of one per key.
 */
final class KvSensorStore implements CompletedKeys, PendingEvents {
  private static final String CLAIMED = "claimed ";
  private static final String GROUP = " @";
  private static final String GROUP_RECORD = "done.";
  // A group record stays far below NATS's default 1 MB payload; keys beyond go one by one.
  private static final int MAX_GROUP_KEYS = 2000;
  private static final int WRONG_LAST_SEQUENCE = 10071;
  private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(10);
  // A KV create: no earlier message on the key's subject.
  private static final PublishOptions CREATE =
      PublishOptions.builder().expectedLastSubjectSequence(0).build();

  private final JetStreamSensorTransport transport;
  private volatile KeyValue kv;
  private long generation;
  // Group ids are unique per store instance, so replicas never share one.
  private final String groupPrefix =
      "g" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-";
  private long groupCount;
  private String group = groupPrefix + 0;
  // The group each claim of this store named, until its key is recorded or released.
  private final Map<String, String> groupOf = new ConcurrentHashMap<>();

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
    String g = currentGroup();
    byte[] claim = claimValue(eventId, expiry, g);
    Claim c;
    try {
      kv().create(key, claim);
      c = Claim.CLAIMED;
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != WRONG_LAST_SEQUENCE) {
        throw e;
      }
      c = claimExisting(key, claim);
    }
    if (c == Claim.CLAIMED) {
      groupOf.put(key, g);
    }
    return c;
  }

  private synchronized String currentGroup() {
    return group;
  }

  private static byte[] claimValue(String eventIds, Duration expiry, String group) {
    return (CLAIMED + Instant.now().plus(expiry).toEpochMilli() + " " + eventIds + GROUP + group)
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Whether the record of the group a claim names lists the key. */
  private boolean recordedInGroup(String key, String claim)
      throws IOException, JetStreamApiException {
    int at = claim.lastIndexOf(GROUP);
    if (at < 0) {
      return false; // a claim of an earlier version
    }
    KeyValueEntry record = kv().get(GROUP_RECORD + claim.substring(at + GROUP.length()));
    if (record == null || record.getValue() == null) {
      return false;
    }
    for (String listed : new String(record.getValue(), StandardCharsets.UTF_8).split("\n")) {
      if (listed.equals(key)) {
        return true;
      }
    }
    return false;
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
      if (!v.startsWith(CLAIMED) || recordedInGroup(key, v)) {
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
    String g = currentGroup();
    String prefix;
    try {
      prefix = subjectPrefix();
    } catch (IOException e) {
      return entries.stream().map(x -> Outcome.failed(e)).toList();
    }
    for (Entry e : entries) {
      byte[] claim = claimValue(e.eventIds(), expiry, g);
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
      if (out.get(i).claim().orElse(null) == Claim.CLAIMED) {
        groupOf.put(entries.get(i).key(), g);
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
    // The keys claimed under the current group go into its one record; the group is closed, so
    // claims made from now on name the next one. Any other key is recorded on itself.
    List<Entry> grouped = new ArrayList<>();
    List<Entry> single = new ArrayList<>();
    String g;
    synchronized (this) {
      g = group;
      for (Entry e : entries) {
        if (grouped.size() < MAX_GROUP_KEYS && g.equals(groupOf.get(e.key()))) {
          grouped.add(e);
        } else {
          single.add(e);
        }
      }
      if (!grouped.isEmpty()) {
        group = groupPrefix + ++groupCount;
      }
    }
    List<Entry> sentFor = new ArrayList<>(entries.size());
    List<CompletableFuture<PublishAck>> acks = new ArrayList<>(entries.size());
    if (!grouped.isEmpty()) {
      StringBuilder keys = new StringBuilder();
      for (Entry e : grouped) {
        keys.append(e.key()).append('\n');
        groupOf.remove(e.key());
      }
      // Written once: a group record is never replaced, so no key it lists can drop out.
      CompletableFuture<PublishAck> ack =
          publish(
              prefix + GROUP_RECORD + g, keys.toString().getBytes(StandardCharsets.UTF_8), CREATE);
      for (Entry e : grouped) {
        sentFor.add(e);
        acks.add(ack);
      }
    }
    for (Entry e : single) {
      groupOf.remove(e.key());
      sentFor.add(e);
      acks.add(publish(prefix + e.key(), doneValue(e.eventIds()), null));
    }
    return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
        .orTimeout(BATCH_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)
        .handle(
            (done, timeout) -> {
              Map<String, Exception> failed = new LinkedHashMap<>();
              for (int i = 0; i < sentFor.size(); i++) {
                // Every future is complete unless the timeout struck: then awaiting is immediate.
                Exception failure = await(acks.get(i), System.nanoTime());
                if (failure != null) {
                  failed.put(sentFor.get(i).key(), failure);
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
    groupOf.remove(key);
    KeyValueEntry entry = kv().get(key);
    if (entry == null || entry.getValue() == null) {
      return;
    }
    String v = new String(entry.getValue(), StandardCharsets.UTF_8);
    // A recorded key keeps its claim: without it, a new create would succeed and fire it again.
    if (v.startsWith(CLAIMED) && !recordedInGroup(key, v)) {
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
