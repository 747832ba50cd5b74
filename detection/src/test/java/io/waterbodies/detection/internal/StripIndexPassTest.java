package io.waterbodies.detection.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Strips are whole block rows, between 256 and 1024 rows where the blocks allow it. */
class StripIndexPassTest {
  @Test
  void stripsAreWholeBlockRowsOfBoundedHeight() {
    assertThat(StripIndexPass.stripRows(OptionalInt.of(256))).isEqualTo(256);
    assertThat(StripIndexPass.stripRows(OptionalInt.of(512))).isEqualTo(512);
    assertThat(StripIndexPass.stripRows(OptionalInt.of(1024))).isEqualTo(1024);
    assertThat(StripIndexPass.stripRows(OptionalInt.of(1000))).isEqualTo(1000);
    // Small blocks: the first multiple of the block height reaching 256 rows.
    assertThat(StripIndexPass.stripRows(OptionalInt.of(1))).isEqualTo(256);
    assertThat(StripIndexPass.stripRows(OptionalInt.of(6))).isEqualTo(258);
    assertThat(StripIndexPass.stripRows(OptionalInt.of(100))).isEqualTo(300);
    // Huge strips are decoded more than once rather than held whole; SIS reads: 1024.
    assertThat(StripIndexPass.stripRows(OptionalInt.of(10980))).isEqualTo(1024);
    assertThat(StripIndexPass.stripRows(OptionalInt.empty())).isEqualTo(1024);
  }
}
