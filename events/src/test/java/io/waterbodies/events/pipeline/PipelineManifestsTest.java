package io.waterbodies.events.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.waterbodies.argo.manifest.ArgoManifests;
import io.waterbodies.argo.model.ArgoResource;
import io.waterbodies.argo.reference.Bundle;
import io.waterbodies.argo.reference.BundleDocument;
import io.waterbodies.argo.reference.ReferenceNames;
import io.waterbodies.argo.validation.ArgoSchemas;
import io.waterbodies.argo.validation.ArgoValidator;
import io.waterbodies.events.bus.EventBusConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Pipeline#manifests()}: the same definition as Argo resources, valid against the schemas.
 */
class PipelineManifestsTest {
  static final ArgoValidator VALIDATOR =
      ArgoValidator.create(
          ArgoSchemas.load(
              Path.of(
                  System.getProperty("waterbodies.shared", "../../shared"), "schemas", "argo")));

  @Test
  void defaultsRenderTheReferenceResourcesAndValidate() {
    Pipeline p = PipelineBuilderTest.minimal().build();
    PipelineManifests m = p.manifests();

    assertThat(m.resources())
        .extracting(ArgoResource::kind)
        .containsExactly(
            "EventBus", "EventSource", "Sensor", "WorkflowTemplate", "WorkflowTemplate");
    assertThat(m.validate(VALIDATOR)).isEmpty();
    JsonNode source = m.find("EventSource", "redis-source").orElseThrow().toJson();
    assertThat(source.at("/spec/eventBusName").asText()).isEqualTo("default");
    assertThat(source.at("/spec/redisStream/example/streams/0").asText()).isEqualTo("STREAM");
    assertThat(source.at("/spec/redisStream/example/hostAddress").asText())
        .isEqualTo("redis-service:6379");
    // The sensor's dependency and parameter mapping are the ones the embedded run compiles.
    JsonNode sensor = m.find("Sensor", "water-bodies-sensor").orElseThrow().toJson();
    JsonNode embedded = p.sensorManifest();
    assertThat(sensor.at("/spec/dependencies/0/name"))
        .isEqualTo(embedded.at("/spec/dependencies/0/name"));
    assertThat(sensor.at("/spec/dependencies/0/eventSourceName"))
        .isEqualTo(embedded.at("/spec/dependencies/0/eventSourceName"));
    assertThat(sensor.at("/spec/dependencies/0/eventName"))
        .isEqualTo(embedded.at("/spec/dependencies/0/eventName"));
    assertThat(sensor.at("/spec/dependencies/0/transform/jq"))
        .isEqualTo(embedded.at("/spec/dependencies/0/transform/jq"));
    JsonNode trigger = sensor.at("/spec/triggers/0/template");
    JsonNode embeddedTrigger = embedded.at("/spec/triggers/0/template");
    assertThat(trigger.path("name")).isEqualTo(embeddedTrigger.path("name"));
    assertThat(trigger.at("/k8s/parameters/0/src/dataKey"))
        .isEqualTo(embeddedTrigger.at("/k8s/parameters/0/src/dataKey"));
    assertThat(trigger.at("/k8s/parameters/0/dest"))
        .isEqualTo(embeddedTrigger.at("/k8s/parameters/0/dest"));
    JsonNode wf = trigger.at("/k8s/source/resource");
    JsonNode embeddedWf = embeddedTrigger.at("/k8s/source/resource");
    assertThat(wf.at("/metadata/generateName")).isEqualTo(embeddedWf.at("/metadata/generateName"));
    assertThat(wf.at("/spec/workflowTemplateRef"))
        .isEqualTo(embeddedWf.at("/spec/workflowTemplateRef"));
    // Same parameters and values; the items value is set by the trigger's parameter mapping.
    for (int i = 0; i < 3; i++) {
      String at = "/spec/arguments/parameters/" + i;
      assertThat(wf.at(at + "/name")).isEqualTo(embeddedWf.at(at + "/name"));
      if (i > 0) {
        assertThat(wf.at(at + "/value")).isEqualTo(embeddedWf.at(at + "/value"));
      }
    }
  }

  @Test
  void everyNameOfThePipelineReachesTheResources() {
    Pipeline p =
        PipelineBuilderTest.minimal()
            .bus(EventBusConfig.builder().name("jetstream").build())
            .stream("ITEMS")
            .eventSource("stac-redis", "new-item")
            .sensorName("lakes-sensor")
            .dependencyName("lake-dep")
            .triggerName("lakes-trigger")
            .workflowTemplate("lakes-detection")
            .generateName("lakes-")
            .aoi("10.1,45.2,10.9,45.8")
            .epsg("EPSG:4326")
            .jq(".values.href = [ .values.href ] | .values.extra = 1")
            .completionStreams("LAKES-OK", "LAKES-FAIL")
            .cluster("eoap", "redis.eoap.svc", 6380)
            .build();
    PipelineManifests m = p.manifests();

    assertThat(m.validate(VALIDATOR)).isEmpty();
    assertThat(m.resources()).allMatch(r -> r.namespace().orElse("").equals("eoap"));
    assertThat(m.find("EventBus", "jetstream")).isPresent();
    JsonNode source = m.find("EventSource", "stac-redis").orElseThrow().toJson();
    assertThat(source.at("/spec/eventBusName").asText()).isEqualTo("jetstream");
    assertThat(source.at("/spec/redisStream/new-item/streams/0").asText()).isEqualTo("ITEMS");
    assertThat(source.at("/spec/redisStream/new-item/hostAddress").asText())
        .isEqualTo("redis.eoap.svc:6380");
    JsonNode sensor = m.find("Sensor", "lakes-sensor").orElseThrow().toJson();
    assertThat(sensor.at("/spec/dependencies/0/name").asText()).isEqualTo("lake-dep");
    assertThat(sensor.at("/spec/dependencies/0/eventName").asText()).isEqualTo("new-item");
    assertThat(sensor.at("/spec/dependencies/0/transform/jq").asText())
        .isEqualTo(".values.href = [ .values.href ] | .values.extra = 1");
    JsonNode trigger = sensor.at("/spec/triggers/0/template");
    assertThat(trigger.path("name").asText()).isEqualTo("lakes-trigger");
    assertThat(trigger.at("/k8s/parameters/0/src/dependencyName").asText()).isEqualTo("lake-dep");
    assertThat(trigger.at("/k8s/source/resource/metadata/generateName").asText())
        .isEqualTo("lakes-");
    assertThat(trigger.at("/k8s/source/resource/spec/workflowTemplateRef/name").asText())
        .isEqualTo("lakes-detection");
    JsonNode template = m.find("WorkflowTemplate", "lakes-detection").orElseThrow().toJson();
    assertThat(template.at("/spec/arguments/parameters/1/value").asText())
        .isEqualTo("10.1,45.2,10.9,45.8");
    String yaml = m.toYaml();
    assertThat(yaml).contains("LAKES-OK", "LAKES-FAIL");
    // The YAML reads back as the same five resources.
    List<ArgoResource> back = ArgoManifests.read(yaml, "manifests");
    assertThat(back)
        .extracting(ArgoResource::displayName)
        .containsExactlyElementsOf(m.resources().stream().map(ArgoResource::displayName).toList());
  }

  @Test
  void changingTheBuilderAfterBuildLeavesTheBuiltPipelineAsItWas() {
    Pipeline.Builder b = PipelineBuilderTest.minimal();
    Pipeline p = b.build();
    String before = p.manifests().toYaml();
    b.stream("OTHER").sensorName("other-sensor").aoi("0,0,1,1");
    assertThat(p.manifests().toYaml()).isEqualTo(before).doesNotContain("other-sensor");
    assertThat(b.build().manifests().toYaml()).contains("other-sensor");
  }

  @Test
  void theBundleHasTheReferenceNamesAndThePipelinesResultCollection() {
    Pipeline p =
        PipelineBuilderTest.minimal()
            .resultCollection("lakes")
            .resultsApi(URI.create("http://stac.eoap:8080"))
            .build();
    Bundle bundle = p.bundle();
    assertThat(bundle.documents())
        .filteredOn(BundleDocument::isArgo)
        .extracting(d -> d.kind() + "/" + d.name())
        .containsExactlyInAnyOrder(
            "EventBus/" + ReferenceNames.EVENT_BUS,
            "EventSource/" + ReferenceNames.EVENT_SOURCE,
            "Sensor/" + ReferenceNames.SENSOR,
            "WorkflowTemplate/" + ReferenceNames.CWL_RUNNER,
            "WorkflowTemplate/" + ReferenceNames.DETECTION_TEMPLATE);
    assertThat(p.sensorManifest().at("/spec/dependencies/0/name").asText())
        .isEqualTo(ReferenceNames.DEPENDENCY);
    assertThat(p.stream()).isEqualTo(ReferenceNames.STREAM);
    assertThat(bundle.toYaml())
        .contains("--collection", "lakes", "http://stac.eoap:8080", "kind: RoleBinding");
    assertThat(bundle.cwl()).isPresent();
  }

  @Test
  void aBadNamespaceIsRefusedAtBuildTime() {
    assertThatThrownBy(
            () -> PipelineBuilderTest.minimal().cluster("Not_A_Namespace", "redis", 6379).build())
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("Not_A_Namespace");
  }
}
