package io.waterbodies.core.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BboxTest {
  @Test
  void keepsAntimeridianBoxAsGiven() {
    Bbox box = Bbox.of(170, -10, -170, 10);
    assertThat(box.west()).isEqualTo(170);
    assertThat(box.east()).isEqualTo(-170);
    assertThat(box.crossesAntimeridian()).isTrue();
    assertThat(box.intersects(Bbox.of(175, 0, 176, 1))).isTrue();
    assertThat(box.intersects(Bbox.of(-175, 0, -174, 1))).isTrue();
    assertThat(box.intersects(Bbox.of(0, 0, 1, 1))).isFalse();
  }

  @Test
  void threeDimensionalBoxDropsHeightsIn2d() {
    Bbox box = Bbox.of(1, 2, 3, 4, 5, 6);
    assertThat(box.is3d()).isTrue();
    assertThat(box.to2d().toArray()).containsExactly(1, 2, 4, 5);
    assertThat(box.east()).isEqualTo(4);
    assertThat(box.north()).isEqualTo(5);
  }

  @Test
  void rejectsWrongCountsAndNamesTheText() {
    assertThatThrownBy(() -> Bbox.of(1, 2, 3, 4, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4 or 6 numbers, got 5");
    assertThatThrownBy(() -> Bbox.parse("1,2,x,4"))
        .hasMessageContaining("'x' is not a number")
        .hasMessageContaining("1,2,x,4");
    assertThatThrownBy(() -> Bbox.of(0, 10, 1, 5)).hasMessageContaining("south");
  }

  @Test
  void queryStringRoundTrips() {
    Bbox box = Bbox.parse("-121.399, 39.834,-120.74,40.472");
    assertThat(box.toQueryString()).isEqualTo("-121.399,39.834,-120.74,40.472");
    assertThat(Bbox.parse(box.toQueryString())).isEqualTo(box);
  }
}
