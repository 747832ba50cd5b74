package io.waterbodies.examples.cli;

import static io.waterbodies.examples.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.secret.Secret;
import io.waterbodies.stac.server.InMemoryStacStore;
import io.waterbodies.stac.server.StacApiServer;
import io.waterbodies.stac.server.StoredItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code waterbodies publish}, the cluster workflow's last step, against an embedded STAC API and
 * the real Redis: result Items POSTed once, completion events with the embedded run's fields.
 */
class PublishCommandTest {
  static final String REDIS = "redis://127.0.0.1:6379";
  static final String ITEM_ID = "S2A_29RKH_20200219_0_L2A";

  @TempDir Path tmp;

  @Test
  void publishesTheResultItemsAndXaddsTheCompletionEvents() throws Exception {
    Assumptions.assumeTrue(
        Files.isDirectory(CwlApplicationTest.SCENE), "shared scene missing: skipping");
    Path item = CwlApplicationTest.itemWithRelativeHrefs(tmp);
    Path results = tmp.resolve("results");
    CliRun detect =
        run(
            "detect",
            "--item",
            item.toString(),
            "--aoi",
            "-11.6,24.7,-11.5,24.8",
            "--out",
            results.toString());
    assertThat(detect.exit()).as(detect.err()).isZero();
    Path output = tmp.resolve("output.json");
    ObjectNode o = Json.object();
    o.putObject("stac_catalog").put("class", "Directory").put("path", results.toString());
    Files.writeString(output, Json.write(o, false));

    String run = UUID.randomUUID().toString().substring(0, 8);
    String ok = "wb-publish-ok-" + run;
    String ko = "wb-publish-ko-" + run;
    String items = "[\"" + item.toUri() + "\"]";
    InMemoryStacStore store = new InMemoryStacStore();
    RedisClient client = RedisClient.create(REDIS);
    try (StacApiServer api =
            StacApiServer.builder()
                .store(store)
                .port(0)
                .writeToken(Secret.of("publish-token"))
                .build()
                .start();
        StatefulRedisConnection<String, String> redis = connect(client)) {
      try {
        CliRun first = publish(api, output, items, "Succeeded", ok, ko);
        assertThat(first.exit()).as(first.err()).isZero();
        // A retried step publishes the same Item again without failing.
        CliRun again = publish(api, output, items, "Succeeded", ok, ko);
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(store.items("water-bodies")).extracting(StoredItem::id).containsExactly(ITEM_ID);
        ObjectNode stored = store.item("water-bodies", ITEM_ID).orElseThrow().document();
        assertThat(stored.at("/assets/data/href").asText())
            .startsWith("file:/")
            .endsWith("/mask.tif");
        assertThat(stored.at("/assets/diagnostics/href").asText()).startsWith("file:/");

        List<StreamMessage<String, String>> success =
            redis.sync().xrange(ok, Range.create("-", "+"));
        assertThat(success).hasSize(2);
        Map<String, String> e = success.get(0).getBody();
        assertThat(e.keySet())
            .containsExactly(
                "subject",
                "workflow_id",
                "workflow_name",
                "workflow_status",
                "href",
                "stac_catalog");
        assertThat(e)
            .containsEntry("subject", item.toUri().toString())
            .containsEntry("workflow_id", "uid-1")
            .containsEntry("workflow_name", "water-bodies-detection-x1")
            .containsEntry("workflow_status", "Succeeded")
            .containsEntry(
                "href",
                api.uri().toString().replaceAll("/+$", "")
                    + "/collections/water-bodies/items/"
                    + ITEM_ID)
            .containsEntry("stac_catalog", results.resolve("catalog.json").toString());

        CliRun failed = publish(api, output, items, "Failed", ok, ko);
        assertThat(failed.exit()).isZero();
        CliRun broken = publish(api, tmp.resolve("nope.json"), items, "Succeeded", ok, ko);
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.err()).contains("publishing the result items failed");
        List<StreamMessage<String, String>> failure =
            redis.sync().xrange(ko, Range.create("-", "+"));
        assertThat(failure)
            .extracting(m -> m.getBody().get("workflow_status"))
            .containsExactly("Failed", "Error");
        assertThat(failure)
            .allSatisfy(
                m -> {
                  assertThat(m.getBody().get("href")).isEqualTo(item.toUri().toString());
                  assertThat(m.getBody().get("stac_catalog")).isEmpty();
                });
        assertThat(redis.sync().xlen(ok)).isEqualTo(2);
      } finally {
        redis.sync().del(ok, ko);
      }
    } finally {
      client.shutdown();
    }
  }

  private static CliRun publish(
      StacApiServer api, Path output, String items, String status, String ok, String ko) {
    return run(
        "publish",
        "--cwl-output",
        output.toString(),
        "--items",
        items,
        "--workflow-status",
        status,
        "--workflow-id",
        "uid-1",
        "--workflow-name",
        "water-bodies-detection-x1",
        "--stac-api",
        api.uri().toString(),
        "--stac-token",
        "publish-token",
        "--redis",
        REDIS,
        "--success-stream",
        ok,
        "--failure-stream",
        ko);
  }

  private static StatefulRedisConnection<String, String> connect(RedisClient c) {
    try {
      return c.connect();
    } catch (RuntimeException e) {
      throw new AssertionError("Redis must run at " + REDIS + ": " + e.getMessage(), e);
    }
  }
}
