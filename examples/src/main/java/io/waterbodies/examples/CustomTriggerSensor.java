package io.waterbodies.examples;

import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.events.bus.EventBus;
import io.waterbodies.events.bus.EventBusConfig;
import io.waterbodies.events.sensor.Sensor;
import io.waterbodies.events.sensor.SensorSpec;
import io.waterbodies.events.sensor.Trigger;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiConsumer;

/**
 * Run a sensor with a custom Java trigger: the reference system's sensor (dependency on event
 * source {@code redis-source}, event {@code example}, a filter on the item's collection, the jq
 * transform and the parameter mapping) but the trigger is a Java lambda instead of an Argo
 * Workflow. The lambda receives the trigger's resource with the parameters already applied, so it
 * sees the item URLs exactly as the workflow would. Use this to plug any Java code (a queue, a
 * database, an HTTP call) behind the same filters and delivery guarantees (acknowledged only after
 * the trigger returned; redelivered with backoff when it throws).
 *
 * <pre>
 * java -cp examples/target/waterbodies.jar io.waterbodies.examples.CustomTriggerSensor
 * # in another shell: waterbodies events source --stream STREAM --event-source redis-source \
 * #   --event-name example, then XADD STREAM * href https://.../items/x collection sentinel-2-l2a
 * </pre>
 *
 * <p>Arguments (optional): NATS URI (default {@code nats://127.0.0.1:4222}), collection regex
 * (default {@code sentinel-2-l2a}).
 */
public final class CustomTriggerSensor {
  private CustomTriggerSensor() {}

  /** The sensor manifest: one dependency with a collection filter and jq, one trigger. */
  public static SensorSpec spec(String name, String collectionRegex) {
    String yaml =
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Sensor
        metadata: {name: %s}
        spec:
          dependencies:
          - name: water-bodies
            eventSourceName: redis-source
            eventName: example
            filters:
              data:
              - {path: values.collection, type: string, value: ['%s']}
            transform: {jq: '.values.href = [ .values.href ]'}
          triggers:
          - template:
              name: print-items
              k8s:
                operation: create
                source:
                  resource:
                    spec: {arguments: {parameters: [{name: items}]}}
                parameters:
                - src: {dependencyName: water-bodies, dataKey: values.href}
                  dest: spec.arguments.parameters.0.value
        """
            .formatted(name, collectionRegex);
    return SensorSpec.parse(yaml, "CustomTriggerSensor");
  }

  /**
   * Ensures the event bus stream exists and starts the sensor; {@code onItems} gets the workflow
   * name the event would create and the {@code items} parameter (a JSON array of item URLs).
   */
  public static Sensor start(
      String natsUri, EventBusConfig bus, SensorSpec spec, BiConsumer<String, String> onItems) {
    EventBus.ensure(natsUri, bus, RetryPolicy.builder().maxAttempts(3).build());
    Trigger trigger =
        request ->
            onItems.accept(
                request.deterministicName("water-bodies-detection-"),
                request.resource().at("/spec/arguments/parameters/0/value").asText());
    return Sensor.builder()
        .spec(spec)
        .natsUri(natsUri)
        .bus(bus)
        .trigger("print-items", trigger)
        .build()
        .start();
  }

  /** Runs the sensor on the default bus until Ctrl-C, printing each triggered item list. */
  public static void main(String[] args) throws InterruptedException {
    String nats = args.length > 0 ? args[0] : "nats://127.0.0.1:4222";
    String collection = args.length > 1 ? args[1] : "sentinel-2-l2a";
    Sensor sensor =
        start(
            nats,
            EventBusConfig.defaults(),
            spec("custom-trigger-sensor", collection),
            (workflow, items) -> System.out.println(workflow + " items=" + items));
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  sensor.close();
                  stop.countDown();
                }));
    System.out.println("sensor running on " + nats + "; Ctrl-C to stop");
    stop.await();
  }
}
