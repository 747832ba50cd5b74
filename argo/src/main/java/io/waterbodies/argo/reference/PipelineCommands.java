package io.waterbodies.argo.reference;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code waterbodies} command lines of the pipeline: the STAC watcher Deployment's and the
 * detection template's publish step's.
 */
final class PipelineCommands {
  private PipelineCommands() {}

  /** {@code waterbodies events watch ...}. */
  static List<String> watcherArgs(PipelineSettings s) {
    List<String> args = new ArrayList<>();
    args.add("events");
    args.add("watch");
    args.add("--stac");
    args.add(s.stacSource);
    if (!s.watchCollections.isEmpty()) {
      args.add("--collections");
      args.add(String.join(",", s.watchCollections));
    }
    if (s.epsg.equals(ReferenceNames.EPSG)) {
      // The watcher's bbox is WGS84; an AOI in another CRS is applied by the detection only.
      args.add("--bbox");
      args.add(s.aoi);
    }
    args.add("--redis");
    args.add(s.redisUri());
    args.add("--stream");
    args.add(s.stream);
    return List.copyOf(args);
  }

  /** {@code waterbodies publish ...}, with the workflow's status and ids from Argo's variables. */
  static List<String> publishArgs(PipelineSettings s) {
    return List.of(
        "publish",
        "--cwl-output",
        CalrissianStep.MOUNT + "/output.json",
        "--items",
        "{{workflow.parameters.items}}",
        "--workflow-status",
        "{{workflow.status}}",
        "--workflow-id",
        "{{workflow.uid}}",
        "--workflow-name",
        "{{workflow.name}}",
        "--stac-api",
        s.resultsApi,
        "--collection",
        s.resultCollection,
        "--redis",
        s.redisUri(),
        "--success-stream",
        s.successStream,
        "--failure-stream",
        s.failureStream);
  }
}
