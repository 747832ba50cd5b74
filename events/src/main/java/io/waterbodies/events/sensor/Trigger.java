package io.waterbodies.events.sensor;

/**
 * What a sensor does when an event passes a dependency's filters: submit a workflow, call a Java
 * handler, log. A trigger is called at least once per event; it receives an {@linkplain
 * TriggerRequest#idempotencyKey() idempotency key} that is the same for every redelivery of the
 * same event, so it can make a repeated call harmless (for example by naming the workflow it
 * creates after the key). Returning normally means success: the event is acknowledged. Throwing
 * means failure: the event is redelivered with backoff, or dead-lettered when the failure is a
 * {@linkplain TriggerException#isPermanent() permanent} one or the attempts are exhausted.
 *
 * <pre>{@code
 * Trigger count = request -> counter.incrementAndGet();
 * }</pre>
 */
@FunctionalInterface
public interface Trigger {
  /**
   * Runs the trigger for one event.
   *
   * @throws Exception any failure; see the class comment for what happens next
   */
  void fire(TriggerRequest request) throws Exception;
}
