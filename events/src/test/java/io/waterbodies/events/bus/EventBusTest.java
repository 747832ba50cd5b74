package io.waterbodies.events.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Connection;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.waterbodies.events.EventsException;
import io.waterbodies.events.TestServers;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EventBusTest {
  @Test
  void createsThenVerifiesTheStream() throws Exception {
    EventBusConfig cfg = TestServers.uniqueBus();
    try (Connection nc = TestServers.nats()) {
      try {
        EventBus.Status first = new EventBus(nc, cfg).ensure();
        assertThat(first.created()).isTrue();
        StreamConfiguration sc =
            nc.jetStreamManagement().getStreamInfo(cfg.streamName()).getConfiguration();
        assertThat(sc.getSubjects()).containsExactly(cfg.subjectPrefix() + ".*.*");
        assertThat(sc.getStorageType()).isEqualTo(StorageType.File);
        assertThat(sc.getDuplicateWindow()).isEqualTo(Duration.ofSeconds(300));
        assertThat(sc.getMaxMsgs()).isEqualTo(50_000);
        EventBus.Status second = new EventBus(nc, cfg).ensure();
        assertThat(second.created()).isFalse();
        assertThat(second.differences()).isEmpty();
        EventBus.Status other =
            new EventBus(
                    nc, EventBusConfig.builder().name(cfg.streamName()).maxMessages(10).build())
                .ensure();
        assertThat(other.differences()).anyMatch(d -> d.startsWith("max messages 50000"));
      } finally {
        TestServers.deleteStream(nc, cfg.streamName());
      }
    }
  }

  @Test
  void refusesAStreamThatDoesNotCaptureTheBusSubjects() throws Exception {
    String name = TestServers.unique("wbt");
    try (Connection nc = TestServers.nats()) {
      try {
        nc.jetStreamManagement()
            .addStream(
                StreamConfiguration.builder().name(name).subjects(name + "-other.>").build());
        EventBusConfig cfg = EventBusConfig.builder().name(name).build();
        assertThatThrownBy(() -> new EventBus(nc, cfg).ensure())
            .isInstanceOf(EventsException.class)
            .hasMessageContaining("would be lost");
      } finally {
        TestServers.deleteStream(nc, name);
      }
    }
  }

  @Test
  void checksItsConfiguration() {
    assertThatThrownBy(() -> EventBusConfig.builder().name("a.b").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(EventBusConfig.defaults().subject("src", "ev")).isEqualTo("default.src.ev");
    assertThat(EventBusConfig.defaults().subjects()).isEqualTo("default.*.*");
  }
}
