package io.waterbodies.events.sensor.internal;

import io.nats.client.JetStreamApiException;
import io.nats.client.impl.Headers;
import io.waterbodies.events.envelope.EventIds;
import io.waterbodies.events.sensor.Sensor;
import io.waterbodies.events.sensor.engine.DeadLetterSink;
import java.io.IOException;
import java.util.Arrays;

/**
 * Publishes dead letters to the sensor's dead-letter subject with the reason, original subject,
 * trigger and attempts as headers; bodies above the server's payload limit are truncated (and say
 * so), and the message id makes a repeated dead letter of one delivery a JetStream duplicate.
 */
final class JetStreamDeadLetters implements DeadLetterSink {
  private final JetStreamSensorTransport transport;

  JetStreamDeadLetters(JetStreamSensorTransport transport) {
    this.transport = transport;
  }

  @Override
  public void deadLetter(DeadLetter d) throws IOException, JetStreamApiException {
    byte[] body = d.body();
    long limit = Math.max(1024, transport.nats().getServerInfo().getMaxPayload() - 8192);
    if (body.length > limit) {
      body = Arrays.copyOf(body, (int) limit);
    }
    String reason = d.reason().length() > 2000 ? d.reason().substring(0, 2000) : d.reason();
    Headers h =
        new Headers()
            .put(Sensor.HEADER_REASON, reason.replace('\n', ' '))
            .put(Sensor.HEADER_SUBJECT, d.subject())
            .put(Sensor.HEADER_TRIGGER, d.trigger())
            .put(Sensor.HEADER_ATTEMPTS, Long.toString(d.attempts()))
            .put("Waterbodies-Sensor", d.sensor())
            .put("Waterbodies-Truncated", Boolean.toString(body.length < d.body().length))
            .put(
                "Nats-Msg-Id",
                EventIds.hash("dead-letter", d.route(), Long.toString(d.sequence())));
    transport.js().publish(transport.settings().deadLetterSubject(), h, body);
  }
}
