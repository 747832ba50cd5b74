package io.waterbodies.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DatetimeIntervalTest {
  @Test
  void partialYearExpandsToTheWholeYear() {
    DatetimeInterval y = DatetimeInterval.parse("2017");
    assertThat(y.toString()).isEqualTo("2017-01-01T00:00:00Z/2017-12-31T23:59:59.999Z");
  }

  @Test
  void partialMonthAndDayExpand() {
    assertThat(DatetimeInterval.parse("2021-02").toString())
        .isEqualTo("2021-02-01T00:00:00Z/2021-02-28T23:59:59.999Z");
    assertThat(DatetimeInterval.parse("2020-02-10/2020-02-11").toString())
        .isEqualTo("2020-02-10T00:00:00Z/2020-02-11T23:59:59.999Z");
  }

  @Test
  void offsetsAreRenderedInUtc() {
    assertThat(DatetimeInterval.parse("2020-06-01T12:00:00+02:00").toString())
        .isEqualTo("2020-06-01T10:00:00Z");
  }

  @Test
  void openEnds() {
    DatetimeInterval open = DatetimeInterval.parse("../2020-01-01T00:00:00Z");
    assertThat(open.start()).isEmpty();
    assertThat(open.toString()).isEqualTo("../2020-01-01T00:00:00Z");
    assertThat(open.contains(Instant.parse("1990-01-01T00:00:00Z"))).isTrue();
    assertThat(open.contains(Instant.parse("2020-01-01T00:00:01Z"))).isFalse();
    assertThat(DatetimeInterval.parse("2020-01-01T00:00:00Z/..").end()).isEmpty();
  }

  @Test
  void rejectsBothOpenImpossibleDatesAndReversedIntervals() {
    assertThatThrownBy(() -> DatetimeInterval.parse("../..")).hasMessageContaining("both ends");
    assertThatThrownBy(() -> DatetimeInterval.parse("2020-13-45T00:00:00Z"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2020-13-45");
    assertThatThrownBy(() -> DatetimeInterval.parse("2021/2020")).hasMessageContaining("after");
    assertThat(DatetimeInterval.Rfc3339.isValid("2020-02-30T00:00:00Z")).isFalse();
    assertThat(DatetimeInterval.Rfc3339.isValid("2020-02-29T00:00:00.123Z")).isTrue();
    assertThat(DatetimeInterval.Rfc3339.isValid("2020-02-29")).isFalse();
  }
}
