package io.waterbodies.events.sensor.engine;

import java.time.Duration;

/**
 * One delivery of an event to a route: its bytes and the acknowledgement operations. An event is
 * delivered again (with a higher {@link #attempt()}) until it is acknowledged.
 */
public interface Delivery {
  /** The message body (a CloudEvent in structured JSON mode, normally). */
  byte[] body();

  /** The subject it was published to. */
  String subject();

  /** 1 for the first delivery, then 2, 3, ... */
  long attempt();

  /** Its position in the stream (JetStream stream sequence; in-memory publication order). */
  long sequence();

  /** Done with it: it is not delivered again. */
  void ack();

  /** Hand it back: it is delivered again after {@code delay}. */
  void nak(Duration delay);

  /** Still working on it: resets the redelivery timer. */
  void inProgress();
}
