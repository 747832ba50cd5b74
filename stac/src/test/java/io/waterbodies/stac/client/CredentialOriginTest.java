package io.waterbodies.stac.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.core.secret.Secret;
import io.waterbodies.stac.model.Item;
import io.waterbodies.stac.testing.ScriptedServer;
import io.waterbodies.stac.testing.ScriptedServer.Request;
import io.waterbodies.stac.testing.ScriptedServer.Response;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Credentials go to the API's origin only: a {@code next} link or a redirect to another origin does
 * not receive them unless the caller allows that host.
 */
class CredentialOriginTest {
  ScriptedServer api;
  ScriptedServer other;

  @BeforeEach
  void start() {
    api = new ScriptedServer();
    other = new ScriptedServer();
    other.handler(r -> Response.json(200, page("far", null)));
  }

  @AfterEach
  void stop() {
    api.close();
    other.close();
  }

  static String page(String id, String next) {
    return "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
        + "\"stac_version\":\"1.0.0\",\"id\":\""
        + id
        + "\",\"geometry\":null,\"properties\":{\"datetime\":\"2021-01-01T00:00:00Z\"},"
        + "\"links\":[],\"assets\":{}}],\"links\":["
        + (next == null ? "" : "{\"rel\":\"next\",\"href\":\"" + next + "\"}")
        + "]}";
  }

  String landing() {
    return "{\"type\":\"Catalog\",\"id\":\"a\",\"description\":\"d\",\"stac_version\":\"1.0.0\","
        + "\"conformsTo\":[\"https://api.stacspec.org/v1.0.0/core\","
        + "\"https://api.stacspec.org/v1.0.0/item-search\"],"
        + "\"links\":[{\"rel\":\"search\",\"href\":\""
        + api.uri()
        + "search\",\"method\":\"GET\"}]}";
  }

  StacApiClient client(boolean allowOther) {
    StacApiClient.Builder b =
        StacApiClient.builder(api.uri())
            .retryPolicy(RetryPolicy.NONE)
            .requestTimeout(Duration.ofSeconds(5))
            .header("Authorization", Secret.of("Bearer s3cr3t"))
            .header("X-Api-Key", Secret.of("k3y"))
            .header("X-Plain", "public");
    if (allowOther) {
      b.allowCredentialsTo(other.uri().getHost());
    }
    return b.build();
  }

  static List<String> ids(SearchResults r) {
    return r.items().map(Item::id).collect(Collectors.toList());
  }

  @Test
  void aNextLinkToAnotherOriginDoesNotGetTheCredentials() {
    URI far = other.uri().resolve("page2");
    api.handler(
        r ->
            r.path().equals("/")
                ? Response.json(200, landing())
                : Response.json(200, page("near", far.toString())));
    StacApiClient c = client(false);
    assertThat(ids(c.search(ItemSearch.builder().build()))).containsExactly("near", "far");

    Request first = api.requests("/search").get(0);
    assertThat(first.header("authorization")).isEqualTo("Bearer s3cr3t");
    assertThat(first.header("x-api-key")).isEqualTo("k3y");
    Request second = other.requests("/page2").get(0);
    assertThat(second.header("authorization")).isNull();
    assertThat(second.header("x-api-key")).isNull();
    assertThat(second.header("x-plain")).isEqualTo("public");
  }

  @Test
  void aCrossOriginRedirectDoesNotGetTheCredentials() {
    URI far = other.uri().resolve("moved");
    api.handler(
        r ->
            r.path().equals("/")
                ? Response.json(200, landing())
                : Response.of(302, "text/plain", "").withHeader("Location", far.toString()));
    StacApiClient c = client(false);
    assertThat(ids(c.search(ItemSearch.builder().build()))).containsExactly("far");
    Request moved = other.requests("/moved").get(0);
    assertThat(moved.header("authorization")).isNull();
    assertThat(moved.header("x-api-key")).isNull();
  }

  @Test
  void anAllowedHostGetsThem() {
    URI far = other.uri().resolve("moved");
    api.handler(
        r ->
            r.path().equals("/")
                ? Response.json(200, landing())
                : Response.of(307, "text/plain", "").withHeader("Location", far.toString()));
    StacApiClient c = client(true);
    assertThat(ids(c.search(ItemSearch.builder().build()))).containsExactly("far");
    assertThat(other.requests("/moved").get(0).header("authorization")).isEqualTo("Bearer s3cr3t");
  }

  @Test
  void toStringHidesUserInfo() {
    api.handler(r -> Response.json(200, landing()));
    URI withUser = URI.create("http://alice:pa%2Fss@" + api.uri().getAuthority() + "/");
    StacApiClient c = StacApiClient.builder(withUser).retryPolicy(RetryPolicy.NONE).build();
    assertThat(c.toString()).doesNotContain("pa%2Fss").contains("alice:****@");
  }
}
