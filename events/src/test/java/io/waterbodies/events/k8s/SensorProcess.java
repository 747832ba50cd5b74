package io.waterbodies.events.k8s;

import io.nats.client.Connection;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.impl.Headers;
import io.waterbodies.argo.k8s.ArgoKubernetes;
import io.waterbodies.argo.k8s.MockApiServer;
import io.waterbodies.argo.manifest.ArgoManifests;
import io.waterbodies.argo.reference.ReferencePipeline;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.secret.Secret;
import io.waterbodies.events.bus.EventBusConfig;
import io.waterbodies.events.envelope.Envelope;
import io.waterbodies.events.envelope.EventIds;
import io.waterbodies.events.sensor.Dependency;
import io.waterbodies.events.sensor.Sensor;
import io.waterbodies.events.sensor.SensorSpec;
import io.waterbodies.events.sensor.Trigger;
import io.waterbodies.events.sensor.TriggerFactory;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sensor in its own JVM, for {@link SensorCrashTest}: the reference Sensor with the k8s trigger
 * against a mock API server. With {@code haltAfter > 0} the JVM halts (like {@code kill -9}) right
 * after that many Workflows were created, before the sensor acknowledges the event.
 *
 * <p>Arguments: API server URL, token, bus stream name, haltAfter.
 */
public final class SensorProcess {
  private SensorProcess() {}

  /** Runs until killed. */
  public static void main(String[] args) throws Exception {
    ArgoKubernetes k8s =
        ArgoKubernetes.connect(args[0], Secret.of(args[1]))
            .namespace(MockApiServer.NAMESPACE)
            .build();
    EventBusConfig bus = bus(args[2]);
    int haltAfter = Integer.parseInt(args[3]);
    AtomicInteger created = new AtomicInteger();
    TriggerFactory k8sTriggers = KubernetesTriggerFactory.of(k8s);
    TriggerFactory crashing =
        spec -> {
          Optional<Trigger> t = k8sTriggers.create(spec);
          return t.map(
              inner ->
                  request -> {
                    inner.fire(request);
                    if (created.incrementAndGet() == haltAfter) {
                      Runtime.getRuntime().halt(137);
                    }
                  });
        };
    Sensor sensor =
        Sensor.builder()
            .spec(spec())
            .bus(bus)
            .deliverPolicy(DeliverPolicy.All)
            .ackWait(Duration.ofSeconds(2))
            .batch(10)
            .triggerFactory(crashing)
            .build()
            .start();
    new CountDownLatch(1).await();
    sensor.close();
  }

  static SensorSpec spec() {
    return SensorSpec.parse(
        ArgoManifests.toYaml(ReferencePipeline.builder().build().sensor()), "reference sensor");
  }

  /** A redisStream event for the spec's dependency, as Argo's event source writes it. */
  static Envelope event(Dependency d, String href, String messageId) {
    return Envelope.of(
        EventIds.forStreamEntry(d.eventSourceName(), d.eventName(), "STREAM", messageId),
        d.eventSourceName(),
        Envelope.TYPE_REDIS_STREAM,
        d.eventName(),
        OffsetDateTime.now(),
        Json.parse(
            "{\"stream\":\"STREAM\",\"message_id\":\""
                + messageId
                + "\",\"values\":{\"subject\":\""
                + href
                + "\",\"producer\":\"test\",\"href\":\""
                + href
                + "\"}}",
            "t"));
  }

  /** Publishes {@code e} to the bus subject of the dependency, with its id as Nats-Msg-Id. */
  static void publish(Connection nc, EventBusConfig bus, Dependency d, Envelope e)
      throws Exception {
    nc.jetStream()
        .publish(
            bus.subject(d.eventSourceName(), d.eventName()),
            new Headers().put("Nats-Msg-Id", e.id()),
            e.toBytes());
  }

  static EventBusConfig bus(String name) {
    return EventBusConfig.builder().name(name).maxAge(Duration.ofHours(1)).build();
  }
}
