package io.waterbodies.events.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.stac.io.StacWriter;
import io.waterbodies.stac.model.Item;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineConfigTest {
  @TempDir Path dir;

  Path yaml(String text) throws Exception {
    Path f = dir.resolve("pipeline.yaml");
    Files.writeString(f, text);
    return f;
  }

  @Test
  void aFileConfiguresThePipelineAndRuns() throws Exception {
    List<Item> items = PipelineScenario.items(2);
    for (Item i : items) {
      Files.writeString(dir.resolve(i.id() + ".json"), StacWriter.pretty().write(i));
    }
    Path f =
        yaml(
            """
            source:
              items: [%s.json, %s.json]
            bus: in-memory
            sensor: lakes-sensor
            aoi: "10,20,11,21"
            epsg: "EPSG:32633"
            threshold: otsu
            results: {collection: lakes}
            outDir: out
            pollInterval: 200ms
            parallelism: 1
            """
                .formatted(items.get(0).id(), items.get(1).id()));
    TestWorkflow wf = new TestWorkflow();
    Pipeline p = PipelineConfig.read(f).workflow(wf).build();
    assertThat(p.busMode()).isEqualTo(BusMode.IN_MEMORY);
    assertThat(p.resultCollection()).isEqualTo("lakes");
    ObjectNode m = p.sensorManifest();
    assertThat(m.at("/metadata/name").asText()).isEqualTo("lakes-sensor");
    String params = "/spec/triggers/0/template/k8s/source/resource/spec/arguments/parameters";
    assertThat(m.at(params + "/1/value").asText()).isEqualTo("10,20,11,21");
    assertThat(m.at(params + "/2/value").asText()).isEqualTo("EPSG:32633");
    assertThat(p.source().items())
        .extracting(Item::id)
        .containsExactly(items.get(0).id(), items.get(1).id());
    try (PipelineRun run = p.runEmbedded()) {
      assertThat(run.outDir()).isEqualTo(dir.resolve("out"));
      assertThat(run.awaitCompletions(2, Duration.ofSeconds(60))).isTrue();
      assertThat(PipelineScenario.resultIds(run, "lakes"))
          .isEqualTo(items.stream().map(Item::id).sorted().toList());
      assertThat(wf.requests).allMatch(r -> r.aoi().equals("10,20,11,21"));
    }
  }

  @Test
  void anApiSourceWithCollections() throws Exception {
    Pipeline.Builder b =
        PipelineConfig.read(
            yaml(
                "source: {stac: 'https://earth-search.aws.element84.com/v1', collections:"
                    + " [sentinel-2-l2a]}\nstream: S2\neventBus: wb\n"));
    Pipeline p = b.workflow(PipelineBuilderTest.NOTHING).build();
    assertThat(p.source().api()).hasValueSatisfying(u -> assertThat(u.getHost()).contains("earth"));
    assertThat(p.source().collections()).containsExactly("sentinel-2-l2a");
    assertThat(p.stream()).isEqualTo("S2");
    assertThat(p.bus().streamName()).isEqualTo("wb");
  }

  @Test
  void clusterSettingsReachTheManifests() throws Exception {
    Pipeline p =
        PipelineConfig.read(
                yaml(
                    "source: {stac: 'http://x/'}\n"
                        + "cluster: {namespace: eoap, redis: 'redis.eoap.svc:6380'}\n"))
            .workflow(PipelineBuilderTest.NOTHING)
            .build();
    PipelineManifests m = p.manifests();
    assertThat(m.resources()).allMatch(r -> r.namespace().orElse("").equals("eoap"));
    assertThat(
            m.find("EventSource", "redis-source")
                .orElseThrow()
                .toJson()
                .at("/spec/redisStream/example/hostAddress")
                .asText())
        .isEqualTo("redis.eoap.svc:6380");
    assertThatThrownBy(
            () -> PipelineConfig.read(yaml("source: {stac: 'http://x/'}\ncluster: {redis: r}\n")))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("/cluster/redis");
  }

  @Test
  void mistakesNameTheFileAndPointer() throws Exception {
    assertThatThrownBy(() -> PipelineConfig.read(yaml("source: {stac: 'http://x/'}\nstrem: S\n")))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("pipeline.yaml")
        .hasMessageContaining("unknown key 'strem'");
    assertThatThrownBy(() -> PipelineConfig.read(yaml("bus: auto\n")))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("/source");
    assertThatThrownBy(() -> PipelineConfig.read(yaml("source: {stac: 'http://x/'}\nbus: kafka\n")))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("/bus");
    assertThatThrownBy(
            () -> PipelineConfig.read(yaml("source: {stac: 'http://x/'}\npollInterval: soon\n")))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("/pollInterval");
    assertThatThrownBy(() -> PipelineConfig.read(yaml("source: {items: [missing.json]}\n")))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("/source/items/0");
    assertThatThrownBy(
            () ->
                PipelineConfig.read(
                    yaml("source: {stac: 'http://x/'}\nredis: 'redis://:s3cret@bad host'\n")))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("/redis")
        .hasMessageContaining("not a Redis URI")
        .hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> PipelineConfig.read(yaml("source: [\n")))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("not valid YAML");
  }
}
