package io.waterbodies.events.sensor.engine;

/** Where the events a sensor gives up on go, with the reason. */
@FunctionalInterface
public interface DeadLetterSink {
  /**
   * One event given up on.
   *
   * @param sensor the sensor name
   * @param trigger the trigger name
   * @param route the route's durable name
   * @param subject the subject the event was read from
   * @param body the event as received
   * @param reason why it was given up on
   * @param attempts deliveries so far
   * @param sequence its position in the stream
   */
  record DeadLetter(
      String sensor,
      String trigger,
      String route,
      String subject,
      byte[] body,
      String reason,
      long attempts,
      long sequence) {}

  /**
   * Stores a dead letter; the event is acknowledged afterwards.
   *
   * @throws Exception when it cannot be stored; the event is then handed back and retried
   */
  void deadLetter(DeadLetter letter) throws Exception;
}
