package io.waterbodies.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.detection.internal.HttpByteSource;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A server that trickles bytes cannot hold a remote read forever. */
@Timeout(120) // a safety net for the build, not an assertion: the reads fail long before
class RemoteTimeoutTest {
  static byte[] bytes(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) i;
    }
    return b;
  }

  @Test
  void aTricklingServerHitsTheRequestTimeout() {
    try (RangeServer server = new RangeServer()) {
      URI url = server.put("/slow.tif?sig=s3cr3t", bytes(40_000));
      server.trickle(200); // 16 KiB at 5 bytes a second: about an hour
      assertThatThrownBy(
              () ->
                  HttpByteSource.open(
                      url, RetryPolicy.NONE, Duration.ofMillis(800), Duration.ofMinutes(5)))
          .isInstanceOf(RasterReadException.class)
          .hasMessageContaining("no complete response within 800 ms")
          .hasMessageNotContaining("s3cr3t");
    }
  }

  @Test
  void retriesCannotExtendTheOverallDeadline() {
    try (RangeServer server = new RangeServer()) {
      URI url = server.put("/slow.tif", bytes(40_000));
      RetryPolicy many =
          RetryPolicy.builder()
              .maxAttempts(1000)
              .initialDelay(Duration.ofMillis(1))
              .maxDelay(Duration.ofMillis(1))
              .build();
      server.trickle(200);
      assertThatThrownBy(
              () -> HttpByteSource.open(url, many, Duration.ofMillis(400), Duration.ofSeconds(2)))
          .isInstanceOf(RasterReadException.class)
          .hasMessageContaining("overall deadline of PT2S");
    }
  }

  @Test
  void aNormalServerIsReadAndLaterReadsShareTheDeadline() {
    try (RangeServer server = new RangeServer()) {
      byte[] all = bytes(40_000);
      URI url = server.put("/ok.tif", all);
      try (HttpByteSource src =
          HttpByteSource.open(
              url, RetryPolicy.NONE, Duration.ofSeconds(2), Duration.ofMinutes(5))) {
        assertThat(src.size()).isEqualTo(40_000);
        ByteBuffer b = ByteBuffer.allocate(100);
        src.read(30_000, b);
        assertThat(b.array()[0]).isEqualTo(all[30_000]);
        server.trickle(200);
        ByteBuffer big = ByteBuffer.allocate(20_000);
        // Past the cached first block: a new request, which now trickles.
        assertThatThrownBy(() -> src.readDirect(19_000, big))
            .isInstanceOf(RasterReadException.class);
      }
    }
  }
}
