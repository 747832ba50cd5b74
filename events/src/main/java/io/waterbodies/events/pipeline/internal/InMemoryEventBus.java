package io.waterbodies.events.pipeline.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A stand-in for the JetStream event bus inside one JVM: messages are published to a subject with a
 * message id (JetStream's {@code Nats-Msg-Id}); a repeated id is dropped like JetStream's duplicate
 * window does; every subscriber of the subject gets its own queue. Nothing is durable.
 */
public final class InMemoryEventBus {
  private static final int DUPLICATE_WINDOW = 100_000;

  private final Map<String, List<BlockingQueue<byte[]>>> subscribers = new ConcurrentHashMap<>();
  private final Map<String, Boolean> recentIds =
      new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > DUPLICATE_WINDOW;
        }
      };

  /**
   * Publishes a message.
   *
   * @return false when a message with the same id was published before (dropped)
   */
  public boolean publish(String subject, String messageId, byte[] body) {
    synchronized (recentIds) {
      if (recentIds.putIfAbsent(messageId, Boolean.TRUE) != null) {
        return false;
      }
    }
    for (BlockingQueue<byte[]> q : subscribers.getOrDefault(subject, List.of())) {
      q.add(body);
    }
    return true;
  }

  /** A new queue receiving every message published to {@code subject} from now on. */
  public BlockingQueue<byte[]> subscribe(String subject) {
    BlockingQueue<byte[]> q = new LinkedBlockingQueue<>();
    subscribers.computeIfAbsent(subject, s -> new CopyOnWriteArrayList<>()).add(q);
    return q;
  }

  /** The number of messages waiting in all subscriber queues. */
  public long pending() {
    long n = 0;
    for (List<BlockingQueue<byte[]>> qs : new ArrayList<>(subscribers.values())) {
      for (BlockingQueue<byte[]> q : qs) {
        n += q.size();
      }
    }
    return n;
  }
}
