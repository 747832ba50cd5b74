package io.waterbodies.events.sensor.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The event bus inside one JVM, shaped like JetStream for the sensor engine: a message is published
 * to a subject with a message id (a repeated id is dropped, like JetStream's duplicate window);
 * every durable subscription of the subject gets each message, must acknowledge it, and gets it
 * again after a nak (with its delay). A durable subscribed again resumes its queue. Nothing
 * survives the JVM: for demos and tests only.
 */
public final class InMemoryEventBus implements EventPort {
  private static final int DUPLICATE_WINDOW = 100_000;

  private final Map<String, Durable> durables = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();
  private final Map<String, Boolean> recentIds =
      new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > DUPLICATE_WINDOW;
        }
      };

  /**
   * Publishes a message to every durable subscription of {@code subject}.
   *
   * @return false when a message with the same id was published before (dropped)
   */
  public boolean publish(String subject, String messageId, byte[] body) {
    long seq;
    synchronized (recentIds) {
      if (recentIds.putIfAbsent(messageId, Boolean.TRUE) != null) {
        return false;
      }
      seq = sequence.incrementAndGet();
    }
    for (Durable d : durables.values()) {
      if (d.subject.equals(subject)) {
        d.queue.add(new Entry(d, seq, subject, body, 1, 0));
      }
    }
    return true;
  }

  /** Messages not yet acknowledged by all subscriptions. */
  public long pending() {
    long n = 0;
    for (Durable d : durables.values()) {
      n += d.queue.size() + d.inFlight.size();
    }
    return n;
  }

  @Override
  public EventSubscription subscribe(String durable, String subject) {
    Durable d = durables.computeIfAbsent(durable, k -> new Durable(subject));
    return new Subscription(d);
  }

  private static final class Durable {
    final String subject;
    final DelayQueue<Entry> queue = new DelayQueue<>();
    final Set<Entry> inFlight = ConcurrentHashMap.newKeySet();

    Durable(String subject) {
      this.subject = subject;
    }
  }

  private static final class Entry implements Delayed, Delivery {
    final Durable owner;
    final long seq;
    final String subject;
    final byte[] body;
    final long attempt;
    final long readyAtNanos;

    Entry(Durable owner, long seq, String subject, byte[] body, long attempt, long delayNanos) {
      this.owner = owner;
      this.seq = seq;
      this.subject = subject;
      this.body = body;
      this.attempt = attempt;
      this.readyAtNanos = System.nanoTime() + delayNanos;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(readyAtNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      Entry e = (Entry) o;
      int c = Long.compare(readyAtNanos, e.readyAtNanos);
      return c != 0 ? c : Long.compare(seq, e.seq);
    }

    @Override
    public byte[] body() {
      return body;
    }

    @Override
    public String subject() {
      return subject;
    }

    @Override
    public long attempt() {
      return attempt;
    }

    @Override
    public long sequence() {
      return seq;
    }

    @Override
    public void ack() {
      owner.inFlight.remove(this);
    }

    @Override
    public void nak(Duration delay) {
      if (owner.inFlight.remove(this)) {
        owner.queue.add(new Entry(owner, seq, subject, body, attempt + 1, delay.toNanos()));
      }
    }

    @Override
    public void inProgress() {
      // No redelivery timer in memory.
    }
  }

  private static final class Subscription implements EventSubscription {
    private final Durable d;

    Subscription(Durable d) {
      this.d = d;
    }

    @Override
    public List<Delivery> fetch(int max, Duration wait) throws InterruptedException {
      List<Delivery> out = new ArrayList<>();
      Entry first = d.queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
      if (first == null) {
        return out;
      }
      d.inFlight.add(first);
      out.add(first);
      Entry e;
      while (out.size() < max && (e = d.queue.poll()) != null) {
        d.inFlight.add(e);
        out.add(e);
      }
      return out;
    }

    @Override
    public long lag() {
      return d.queue.size() + d.inFlight.size();
    }

    @Override
    public void check() {
      // Nothing can go missing in memory.
    }

    @Override
    public void close() {
      // Unacknowledged deliveries go back at once, as JetStream redelivers them after ackWait.
      for (Entry e : List.copyOf(d.inFlight)) {
        e.nak(Duration.ZERO);
      }
    }
  }
}
