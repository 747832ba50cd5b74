package io.waterbodies.events.sensor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Argo's trigger conditions and conditionsReset cron schedules. */
class ConditionsTest {
  static final List<String> DEPS = List.of("a", "b", "c", "dep-d");

  @Test
  void andBindsTighterThanOrAndParenthesesGroup() {
    Conditions c = Conditions.parse("a && b || c", DEPS);
    assertThat(c.test(Set.of("a", "b"))).isTrue();
    assertThat(c.test(Set.of("c"))).isTrue();
    assertThat(c.test(Set.of("a"))).isFalse();
    Conditions g = Conditions.parse("a && (b || c)", DEPS);
    assertThat(g.test(Set.of("c"))).isFalse();
    assertThat(g.test(Set.of("a", "c"))).isTrue();
    assertThat(g.waitsForPartners()).isTrue();
    assertThat(g.dependencies()).containsExactly("a", "b", "c");
  }

  @Test
  void withoutAndEveryEventFiresAlone() {
    Conditions c = Conditions.parse("a || dep-d", DEPS);
    assertThat(c.waitsForPartners()).isFalse();
    assertThat(c.test(Set.of("dep-d"))).isTrue();
    assertThat(c.dependencies()).containsExactly("a", "dep-d");
  }

  @Test
  void noConditionsMeansAllDependencies() {
    Conditions c = Conditions.allOf(List.of("a", "b"));
    assertThat(c.test(Set.of("a"))).isFalse();
    assertThat(c.test(Set.of("a", "b"))).isTrue();
    assertThat(Conditions.allOf(List.of("a")).waitsForPartners()).isFalse();
  }

  @Test
  void badConditionsNameTheProblem() {
    assertThatThrownBy(() -> Conditions.parse("a && x", DEPS))
        .hasMessageContaining("unknown dependency 'x'");
    assertThatThrownBy(() -> Conditions.parse("(a || b", DEPS)).hasMessageContaining("')'");
    assertThatThrownBy(() -> Conditions.parse("a b", DEPS)).hasMessageContaining("position 2");
    assertThatThrownBy(() -> Conditions.parse("a &&", DEPS))
        .hasMessageContaining("expected a dependency name");
  }

  @Test
  void cronFindsThePreviousAndNextTimesInItsZone() {
    CronSchedule daily = CronSchedule.parse("0 0 * * *", ZoneOffset.UTC);
    Instant t = Instant.parse("2024-03-05T10:15:30Z");
    assertThat(daily.previous(t)).contains(Instant.parse("2024-03-05T00:00:00Z"));
    assertThat(daily.next(t)).contains(Instant.parse("2024-03-06T00:00:00Z"));
    CronSchedule ny = CronSchedule.parse("30 8 * * MON-FRI", ZoneId.of("America/New_York"));
    // 2024-03-09 is a Saturday: the next run is Monday 08:30 EDT = 12:30 UTC.
    assertThat(ny.next(Instant.parse("2024-03-09T12:00:00Z")))
        .contains(Instant.parse("2024-03-11T12:30:00Z"));
    CronSchedule steps = CronSchedule.parse("*/15 * * * *", ZoneOffset.UTC);
    assertThat(steps.next(t)).contains(Instant.parse("2024-03-05T10:30:00Z"));
    assertThatThrownBy(() -> CronSchedule.parse("61 * * * *", ZoneOffset.UTC))
        .hasMessageContaining("outside 0..59");
    assertThatThrownBy(() -> CronSchedule.parse("* * *", ZoneOffset.UTC))
        .hasMessageContaining("5 fields");
  }
}
