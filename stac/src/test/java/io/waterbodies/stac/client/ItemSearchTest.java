package io.waterbodies.stac.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.waterbodies.core.json.Json;
import io.waterbodies.stac.client.internal.Conformance;
import io.waterbodies.stac.client.internal.RetryAfter;
import io.waterbodies.stac.client.internal.SearchEncoding;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Building, checking and encoding searches; conformance matching; Retry-After. */
class ItemSearchTest {
  @Test
  void bboxAndIntersectsAreExclusiveAtBuildTime() {
    ItemSearch.Builder b =
        ItemSearch.builder()
            .bbox(0, 0, 1, 1)
            .intersects("{\"type\":\"Point\",\"coordinates\":[0,0]}");
    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mutually exclusive");
    assertThatThrownBy(() -> ItemSearch.builder().intersects("[1,2]"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ItemSearch.builder().datetime("2021-13"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2021-13");
    assertThatThrownBy(() -> ItemSearch.builder().limit(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void datetimesAreExpandedAndSentInUtc() {
    assertThat(params(ItemSearch.builder().datetime("2017").build()).get("datetime"))
        .isEqualTo("2017-01-01T00:00:00Z/2017-12-31T23:59:59.999Z");
    assertThat(
            params(ItemSearch.builder().datetime("2020-02-10T12:00:00+02:00/..").build())
                .get("datetime"))
        .isEqualTo("2020-02-10T10:00:00Z/..");
    assertThat(
            params(ItemSearch.builder().datetime(Instant.parse("2020-01-01T00:00:00Z")).build())
                .get("datetime"))
        .isEqualTo("2020-01-01T00:00:00Z");
  }

  @Test
  void getParametersJoinArraysAndEncodeJson() {
    ItemSearch s =
        ItemSearch.builder()
            .bbox(1, 2, 0, 3, 4, 10) // 3D
            .ids("a", "b")
            .query(Json.parse("{\"eo:cloud_cover\":{\"lt\":10}}", "q").deepCopy().require())
            .sortBy(SortBy.desc("properties.datetime"), SortBy.asc("id"))
            .build();
    Map<String, String> p = params(s);
    assertThat(p.get("bbox")).isEqualTo("1.0,2.0,0.0,3.0,4.0,10.0");
    assertThat(p.get("ids")).isEqualTo("a,b");
    assertThat(p.get("query")).isEqualTo("{\"eo:cloud_cover\":{\"lt\":10}}");
    assertThat(p.get("sortby")).isEqualTo("-properties.datetime,+id");
    assertThat(s.bbox().orElseThrow().to2d().toList()).containsExactly(1.0, 2.0, 3.0, 4.0);
  }

  @Test
  void postBodyUsesJsonStructures() {
    ItemSearch s =
        ItemSearch.builder()
            .bbox(170, -10, -170, 10)
            .collections("c")
            .sortBy("-datetime")
            .fields(List.of("id"), List.of("geometry"))
            .filter(
                (com.fasterxml.jackson.databind.node.ObjectNode)
                    Json.parse("{\"op\":\"=\",\"args\":[{\"property\":\"id\"},\"x\"]}", "f"))
            .limit(3)
            .build();
    assertThat(Json.write(SearchEncoding.body(s), false))
        .isEqualTo(
            "{\"limit\":3,\"bbox\":[170.0,-10.0,-170.0,10.0],\"collections\":[\"c\"],"
                + "\"sortby\":[{\"field\":\"datetime\",\"direction\":\"desc\"}],"
                + "\"fields\":{\"include\":[\"id\"],\"exclude\":[\"geometry\"]},"
                + "\"filter\":{\"op\":\"=\",\"args\":[{\"property\":\"id\"},\"x\"]},\"filter-lang\":\"cql2-json\"}");
    assertThat(s.toString()).contains("bbox=170.0,-10.0,-170.0,10.0").contains("filter=cql2-json");
  }

  @Test
  void conformanceMatchesWhateverTheVersion() {
    assertThat(
            Conformance.matches(
                "https://api.stacspec.org/v1.0.0-rc.1/item-search", ConformanceClass.ITEM_SEARCH))
        .isTrue();
    assertThat(
            Conformance.matches(
                "https://api.stacspec.org/v1.0.0-beta.2/item-search#filter",
                ConformanceClass.FILTER))
        .isTrue();
    assertThat(
            Conformance.matches(
                "https://api.stacspec.org/v1.0.0/item-search#filter", ConformanceClass.ITEM_SEARCH))
        .isFalse();
    assertThat(
            Conformance.matches(
                "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
                ConformanceClass.FEATURES))
        .isTrue();
    assertThat(
            Conformance.matches(
                "https://example.com/v1.0.0/item-search", ConformanceClass.ITEM_SEARCH))
        .isFalse();
  }

  @Test
  void retryAfterReadsSecondsAndDates() {
    Clock clock = Clock.fixed(Instant.parse("2025-07-31T15:08:30Z"), ZoneOffset.UTC);
    assertThat(RetryAfter.parse("3", clock)).hasValue(Duration.ofSeconds(3));
    assertThat(RetryAfter.parse("Thu, 31 Jul 2025 15:08:32 GMT", clock))
        .hasValue(Duration.ofSeconds(2));
    assertThat(RetryAfter.parse("Thu, 31 Jul 2025 15:00:00 GMT", clock)).hasValue(Duration.ZERO);
    assertThat(RetryAfter.parse("soon", clock)).isEmpty();
  }

  private static Map<String, String> params(ItemSearch s) {
    return SearchEncoding.queryParams(s);
  }
}
