package io.waterbodies.argo.reference;

import io.waterbodies.argo.model.ArgoResource;
import io.waterbodies.argo.model.SecretKeyRef;
import java.util.List;
import java.util.Optional;

/**
 * The values a {@link ReferencePipeline.Builder} collects, with the reference defaults. The builder
 * validates and writes them; a built pipeline holds its own {@link #copy()} and the classes that
 * render its parts only read it.
 */
final class PipelineSettings implements Cloneable {
  Optional<String> namespace = Optional.empty();
  String redisHost = ReferenceNames.REDIS_HOST;
  int redisPort = ReferenceNames.REDIS_PORT;
  String stream = ReferenceNames.STREAM;
  Optional<String> eventName = Optional.of(ReferenceNames.EVENT);
  String jq = ReferencePipeline.DEFAULT_JQ;
  Optional<String> generateName = Optional.empty();
  Optional<String> consumerGroup = Optional.empty();
  String eventBusName = ReferenceNames.EVENT_BUS;
  String eventSourceName = ReferenceNames.EVENT_SOURCE;
  String sensorName = ReferenceNames.SENSOR;
  String dependencyName = ReferenceNames.DEPENDENCY;
  String triggerName = ReferenceNames.TRIGGER;
  String sensorAccount = ReferenceNames.SENSOR_ACCOUNT;
  String workflowAccount = ReferenceNames.WORKFLOW_ACCOUNT;
  String watcherName = ReferenceNames.WATCHER;
  String detectionTemplateName = ReferenceNames.DETECTION_TEMPLATE;
  String cwlRunnerName = ReferenceNames.CWL_RUNNER;
  String aoi = ReferenceNames.AOI;
  String epsg = ReferenceNames.EPSG;
  String successStream = ReferenceNames.SUCCESS_STREAM;
  String failureStream = ReferenceNames.FAILURE_STREAM;
  Optional<String> cwlUrl = Optional.empty();
  String cwlEntryPoint = ReferenceNames.CWL_WORKFLOW;
  String image = ReferencePipeline.DEFAULT_IMAGE;
  String stacSource = ReferencePipeline.DEFAULT_STAC_SOURCE;
  List<String> watchCollections = List.of(ReferencePipeline.DEFAULT_WATCH_COLLECTION);
  String resultsApi = ReferencePipeline.DEFAULT_RESULTS_API;
  String resultCollection = ReferenceNames.RESULT_COLLECTION;
  SecretKeyRef stacWriteToken = ReferencePipeline.DEFAULT_STAC_WRITE_TOKEN;
  String maxRam = "8G";
  int maxCores = 4;
  String calrissianVersion = "0.18.1";
  String scriptImage = "docker.io/library/python:3.12-alpine";

  /** A field-by-field copy (every field holds an immutable value). */
  PipelineSettings copy() {
    try {
      return (PipelineSettings) super.clone();
    } catch (CloneNotSupportedException e) {
      throw new AssertionError(e);
    }
  }

  String eventName() {
    return eventName.orElse(ReferenceNames.EVENT);
  }

  String redisUri() {
    return "redis://" + redisHost + ":" + redisPort;
  }

  /** Puts the resource in the namespace, if one was set. */
  <B extends ArgoResource.Builder<B, ?>> B inNamespace(B builder) {
    namespace.ifPresent(builder::namespace);
    return builder;
  }
}
