package io.waterbodies.events.sensor.internal;

import io.waterbodies.events.envelope.Envelope;
import io.waterbodies.events.internal.Connections;
import io.waterbodies.events.metrics.ComponentMetrics;
import io.waterbodies.events.sensor.TriggerException;
import io.waterbodies.events.sensor.TriggerRequest;
import io.waterbodies.events.sensor.engine.CompletedKeys;
import io.waterbodies.events.sensor.engine.CompletedKeys.Claim;
import io.waterbodies.events.sensor.engine.CompletedKeys.Entry;
import io.waterbodies.events.sensor.engine.CompletedKeys.Outcome;
import io.waterbodies.events.sensor.engine.Delivery;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims, fires and records the triggers of deliveries that passed their filters, a batch at a
 * time: the keys of the batch are claimed in one step ({@link CompletedKeys#claimAll}), the claimed
 * triggers fire one after the other in delivery order, their records are staged and written in one
 * step ({@link CompletedKeys#completeAllAsync}) for several batches at once, and only then is each
 * delivery acknowledged. Staged records are sent once they hold a batch of keys, once the oldest
 * waited {@link #MAX_STAGED}, or when the route has nothing else to do; they travel while the route
 * fetches and claims its next batch, so a batch costs one round trip on the critical path (its
 * claims), and at a few thousand events/s, where a fetch holds one to three events, several batches
 * share one record.
 *
 * <ul>
 *   <li>done -> a duplicate, acknowledged; claimed elsewhere -> handed back with backoff; the store
 *       unreachable -> handed back with backoff;
 *   <li>a failing trigger releases its claim and is redelivered with backoff, or dead-lettered when
 *       the failure is permanent or the attempts are exhausted;
 *   <li>a key that appears twice in a batch is claimed and fired once; the later delivery is a
 *       duplicate when the first one's trigger ran and was recorded, else it is handed back;
 *   <li>"fired" and "recorded" stay apart: a trigger that ran but whose key could not be written is
 *       handed back without counting a failure, and the next delivery only retries the record;
 *   <li>when the route stops, a trigger throws an {@link Error} or the thread is interrupted, the
 *       claims not fired yet are released and their deliveries handed back at once; what fired is
 *       still recorded and acknowledged; then the {@link Error} escapes to the route's supervisor;
 *   <li>claims still unfired when half their expiry has passed (slow or rate-limited triggers) are
 *       released and handed back, so no claim expires while its delivery waits in the batch.
 * </ul>
 */
final class BatchFiring {
  private static final Logger LOG = LoggerFactory.getLogger(BatchFiring.class);

  /**
   * One delivery whose trigger should fire.
   *
   * @param route the route it came from
   * @param delivery the delivery to acknowledge or hand back
   * @param events the events the trigger fires with, by dependency name
   * @param entry the idempotency key and the ids of the events
   */
  record Candidate(Route route, Delivery delivery, Map<String, Envelope> events, Entry entry) {
    static Candidate of(Route route, Delivery delivery, Map<String, Envelope> events, String key) {
      List<String> ids = new ArrayList<>(events.size());
      events.values().forEach(e -> ids.add(e.id()));
      return new Candidate(route, delivery, events, new Entry(key, String.join(",", ids)));
    }

    String key() {
      return entry.key();
    }
  }

  private enum State {
    /** Not decided yet. */
    OPEN,
    /** Claimed by this batch, trigger not run yet. */
    CLAIMED,
    /** The trigger ran now; its record is pending. */
    FIRED,
    /** Its trigger ran in this process before; only the record is pending. */
    RECORD_ONLY,
    /** Acknowledged: the trigger ran and is recorded (now or before). */
    DONE,
    /** Handed back or dead-lettered. */
    RETURNED
  }

  private final String sensor;
  private final EngineSettings settings;
  private final ComponentMetrics metrics;
  private final Dispositions dispositions;
  private final Supplier<CompletedKeys> keys;
  // Keys whose trigger ran in this process but whose completion is not recorded yet.
  private final Set<String> unrecorded = ConcurrentHashMap.newKeySet();
  private final Map<Route, Records> inFlight = new ConcurrentHashMap<>();

  /** How long a staged record may wait for others before it is sent. */
  static final Duration MAX_STAGED = Duration.ofMillis(5);

  BatchFiring(
      String sensor,
      EngineSettings settings,
      ComponentMetrics metrics,
      Dispositions dispositions,
      Supplier<CompletedKeys> keys) {
    this.sensor = sensor;
    this.settings = settings;
    this.metrics = metrics;
    this.dispositions = dispositions;
    this.keys = keys;
  }

  /** The number of keys fired whose completion could not be recorded yet. */
  int unrecorded() {
    return unrecorded.size();
  }

  /**
   * Claims, fires and records every candidate of one route's batch. The acknowledgements wait for
   * the records: with {@code overlap}, the records travel while the route fetches and claims its
   * next batch, and are settled by the next {@link #fire} or {@link #settle} of the route;
   * otherwise they are settled before this returns.
   *
   * @param running false once the route stops: unfired claims are then released
   * @return for each candidate, true when its trigger ran now or before (its events are used up)
   */
  boolean[] fire(List<Candidate> batch, BooleanSupplier running, boolean overlap) {
    int n = batch.size();
    Route route = batch.get(0).route();
    State[] state = new State[n];
    int[] leader = new int[n];
    List<Integer> toClaim = new ArrayList<>(n);
    Map<String, Integer> first = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Candidate c = batch.get(i);
      Integer lead = first.putIfAbsent(c.key(), i);
      leader[i] = lead == null ? i : lead;
      if (lead != null) {
        state[i] = State.OPEN; // decided by its leader when the records are settled
      } else if (unrecorded.contains(c.key())) {
        // The trigger ran in this process (for this delivery or another route's); only its
        // record may be missing.
        state[i] = State.RECORD_ONLY;
      } else {
        state[i] = State.OPEN;
        toClaim.add(i);
      }
    }
    claim(batch, toClaim, state);
    // Records sent earlier were on their way during these claims.
    finishSent(route);
    Throwable escape = fireClaimed(batch, state, running);
    InFlight records = toRecord(batch, state, leader);
    boolean[] usedUp = new boolean[n];
    for (int i = 0; i < n; i++) {
      usedUp[i] =
          state[i] == State.DONE || state[i] == State.FIRED || state[i] == State.RECORD_ONLY;
    }
    Records r = inFlight.computeIfAbsent(route, x -> new Records());
    r.staged.add(records);
    if (overlap && escape == null) {
      r.sendWhenDue();
    } else {
      settle(route);
    }
    if (escape instanceof Error e) {
      throw e;
    }
    return usedUp;
  }

  /** Whether the route has records staged or on their way whose deliveries wait for them. */
  boolean inFlight(Route route) {
    Records r = inFlight.get(route);
    return r != null && !r.isEmpty();
  }

  /** Sends the route's staged records, waits for all of them, then acknowledges or hands back. */
  void settle(Route route) {
    Records r = inFlight.get(route);
    if (r != null) {
      r.send();
      finishSent(route);
    }
  }

  /** Acknowledges or hands back what the route's sent records decided (waiting for them). */
  private void finishSent(Route route) {
    Records r = inFlight.get(route);
    if (r == null) {
      return;
    }
    Sent f;
    while ((f = r.sent.poll()) != null) {
      finish(f);
    }
  }

  /**
   * A route's records: staged (their triggers ran, nothing sent yet) and sent (awaiting the store).
   * Staging lets the records of several small batches travel as one write: at a few thousand
   * events/s a fetch holds one to three events, and a record per fetch was a third of the messages
   * the server handles per event. A stage is sent when it holds a batch of keys or its oldest
   * record waited {@link #MAX_STAGED}, and whenever the route has nothing else to do.
   */
  private final class Records {
    final ArrayDeque<InFlight> staged = new ArrayDeque<>();
    final ArrayDeque<Sent> sent = new ArrayDeque<>();

    boolean isEmpty() {
      return staged.isEmpty() && sent.isEmpty();
    }

    void sendWhenDue() {
      int keys = 0;
      for (InFlight f : staged) {
        keys += f.toRecord().size();
      }
      InFlight oldest = staged.peekFirst();
      if (keys >= settings.batch()
          || (oldest != null && System.nanoTime() - oldest.stagedAt() >= MAX_STAGED.toNanos())) {
        send();
      }
    }

    void send() {
      if (staged.isEmpty()) {
        return;
      }
      List<InFlight> group = new ArrayList<>(staged);
      staged.clear();
      CompletableFuture<Map<String, Exception>> failures = sendRecords(group);
      group.forEach(f -> sent.add(new Sent(f, failures)));
    }
  }

  private void claim(List<Candidate> batch, List<Integer> toClaim, State[] state) {
    if (toClaim.isEmpty()) {
      return;
    }
    List<Entry> entries = new ArrayList<>(toClaim.size());
    toClaim.forEach(i -> entries.add(batch.get(i).entry()));
    List<Outcome> outcomes;
    try {
      outcomes = keys.get().claimAll(entries, settings.claimExpiry());
    } catch (RuntimeException e) {
      outcomes = entries.stream().map(x -> Outcome.failed(e)).toList();
    }
    for (int j = 0; j < toClaim.size(); j++) {
      int i = toClaim.get(j);
      Candidate c = batch.get(i);
      Outcome o = outcomes.get(j);
      if (o.failure().isPresent()) {
        dispositions.storeUnavailable(
            c.route(), c.delivery(), "cannot claim the idempotency key", o.failure().get());
        state[i] = State.RETURNED;
        continue;
      }
      Claim claim = o.claim().orElseThrow();
      if (claim == Claim.DONE) {
        metrics.duplicate();
        c.delivery().ack();
        state[i] = State.DONE;
      } else if (claim == Claim.BUSY) {
        // Another route or replica is firing this key; its outcome decides at the next delivery.
        dispositions.busy(c.delivery());
        state[i] = State.RETURNED;
      } else {
        state[i] = State.CLAIMED;
      }
    }
  }

  /** Fires the claimed candidates in order; returns an Error a trigger threw, if any. */
  private Throwable fireClaimed(List<Candidate> batch, State[] state, BooleanSupplier running) {
    long claimedAt = System.nanoTime();
    long guard = settings.claimExpiry().toNanos() / 2;
    Throwable escape = null;
    boolean interrupted = false;
    for (int i = 0; i < batch.size(); i++) {
      if (state[i] != State.CLAIMED) {
        continue;
      }
      Candidate c = batch.get(i);
      Delivery m = c.delivery();
      if (escape != null
          || interrupted
          || !running.getAsBoolean()
          || System.nanoTime() - claimedAt > guard) {
        release(c.key());
        m.nak(Duration.ZERO);
        state[i] = State.RETURNED;
        continue;
      }
      try {
        fireOne(c);
        metrics.out();
        unrecorded.add(c.key());
        state[i] = State.FIRED;
        continue;
      } catch (TriggerException e) {
        release(c.key());
        if (e.isPermanent()) {
          dispositions.deadLetter(c.route(), m, e.getMessage());
        } else {
          dispositions.retry(c.route(), m, e);
        }
      } catch (InterruptedException e) {
        interrupted = true;
        release(c.key());
        m.nak(Duration.ZERO);
      } catch (Exception e) {
        release(c.key());
        dispositions.retry(c.route(), m, e);
      } catch (Error e) { // NOPMD: recorded, then rethrown to the route's supervisor
        release(c.key());
        metrics.failed();
        m.nak(dispositions.backoff(m));
        escape = e;
      }
      state[i] = State.RETURNED;
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return escape;
  }

  private void fireOne(Candidate c) throws Exception {
    TriggerRuntime t = c.route().trigger();
    TriggerRequest req =
        new TriggerRequest(
            sensor,
            t.name(),
            c.key(),
            t.compiled.resolve(c.events()),
            c.events(),
            c.delivery().attempt());
    t.limiter.acquire();
    t.impl.fire(req);
  }

  /** The records of a batch, staged (since {@code stagedAt}, nanoTime), and what waits for them. */
  private record InFlight(
      List<Candidate> batch, State[] state, int[] leader, List<Integer> toRecord, long stagedAt) {}

  /** A batch whose records are on their way, and the store's answer to come. */
  private record Sent(InFlight records, CompletableFuture<Map<String, Exception>> failures) {}

  /** What of a batch must be recorded: the triggers that ran now or before. */
  private static InFlight toRecord(List<Candidate> batch, State[] state, int[] leader) {
    List<Integer> toRecord = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      if (state[i] == State.FIRED || state[i] == State.RECORD_ONLY) {
        toRecord.add(i);
      }
    }
    return new InFlight(batch, state, leader, toRecord, System.nanoTime());
  }

  /** Sends the records of several staged batches in one step. */
  private CompletableFuture<Map<String, Exception>> sendRecords(List<InFlight> group) {
    List<Entry> entries = new ArrayList<>();
    for (InFlight f : group) {
      for (int i : f.toRecord()) {
        entries.add(f.batch().get(i).entry());
      }
    }
    if (entries.isEmpty()) {
      return CompletableFuture.completedFuture(Map.of());
    }
    try {
      return keys.get().completeAllAsync(entries);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Acknowledges what is recorded (a record that failed is handed back: fired, not recorded), then
   * the later deliveries of a key that appeared twice in the batch.
   */
  private void finish(Sent sent) {
    InFlight f = sent.records();
    Map<String, Exception> failed;
    try {
      failed = sent.failures().join();
    } catch (RuntimeException e) {
      Exception cause = e.getCause() instanceof Exception x ? x : e;
      failed = new HashMap<>();
      for (int i : f.toRecord()) {
        failed.put(f.batch().get(i).key(), cause);
      }
    }
    State[] state = f.state();
    Exception sample = null;
    for (int i : f.toRecord()) {
      Candidate c = f.batch().get(i);
      Exception x = failed.get(c.key());
      if (x != null) {
        // Fired but not recorded: neither a failure nor a dead letter; the next delivery records.
        sample = x;
        c.delivery().nak(dispositions.backoff(c.delivery()));
        continue;
      }
      unrecorded.remove(c.key());
      if (state[i] == State.RECORD_ONLY) {
        metrics.duplicate();
      }
      c.delivery().ack();
      state[i] = State.DONE;
    }
    if (sample != null) {
      LOG.warn(
          "sensor {}: {} trigger run(s) could not be recorded ({}); retrying the record",
          sensor,
          failed.size(),
          Connections.reason(sample));
    }
    int[] leader = f.leader();
    for (int i = 0; i < state.length; i++) {
      if (leader[i] != i) {
        Delivery m = f.batch().get(i).delivery();
        if (state[leader[i]] == State.DONE) {
          metrics.duplicate();
          m.ack();
        } else {
          dispositions.busy(m);
        }
      }
    }
  }

  private void release(String key) {
    try {
      keys.get().release(key);
    } catch (Exception e) {
      LOG.debug("cannot release claim {} (it expires): {}", key, Connections.reason(e));
    }
  }
}
