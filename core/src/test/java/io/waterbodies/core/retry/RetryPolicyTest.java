package io.waterbodies.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  @Test
  void delaysGrowExponentiallyWithinJitterAndCap() {
    RetryPolicy p =
        RetryPolicy.builder()
            .maxAttempts(6)
            .initialDelay(Duration.ofMillis(100))
            .maxDelay(Duration.ofMillis(1000))
            .multiplier(2)
            .jitter(0.5)
            .build();
    for (int i = 0; i < 200; i++) {
      assertThat(p.delayAfter(1).toMillis()).isBetween(50L, 100L);
      assertThat(p.delayAfter(3).toMillis()).isBetween(200L, 400L);
      assertThat(p.delayAfter(10).toMillis()).isBetween(500L, 1000L);
    }
    assertThat(p.canRetryAfter(5)).isTrue();
    assertThat(p.canRetryAfter(6)).isFalse();
  }

  @Test
  void serverHintWinsButIsCapped() {
    RetryPolicy p =
        RetryPolicy.builder()
            .initialDelay(Duration.ofMillis(10))
            .maxDelay(Duration.ofSeconds(2))
            .jitter(0)
            .build();
    assertThat(p.delayAfter(1, Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.delayAfter(1, Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void badSettingsAreRejectedAtBuildTime() {
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0).build())
        .hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> RetryPolicy.builder().jitter(1.5).build())
        .hasMessageContaining("jitter");
    assertThatThrownBy(
            () ->
                RetryPolicy.builder()
                    .initialDelay(Duration.ofSeconds(5))
                    .maxDelay(Duration.ofSeconds(1))
                    .build())
        .hasMessageContaining("maxDelay");
  }
}
