package io.waterbodies.argo.reference;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Puts a pipeline's resources together with what they need to run (service accounts, Roles,
 * RoleBindings, the watcher Deployment) into a {@link Bundle}, in apply order.
 */
final class BundleAssembler {
  private BundleAssembler() {}

  static Bundle bundle(ReferencePipeline pipeline, PipelineSettings s) {
    List<BundleDocument> docs = new ArrayList<>();
    String ns = s.namespace.orElse("");
    docs.add(BundleDocument.of(KubernetesObjects.serviceAccount(s.sensorAccount, ns)));
    docs.add(BundleDocument.of(KubernetesObjects.serviceAccount(s.workflowAccount, ns)));
    docs.add(BundleDocument.of(KubernetesObjects.sensorRole(s.sensorAccount, ns)));
    docs.add(BundleDocument.of(KubernetesObjects.workflowRole(s.workflowAccount, ns)));
    docs.add(BundleDocument.of(KubernetesObjects.roleBinding(s.sensorAccount, ns)));
    docs.add(BundleDocument.of(KubernetesObjects.roleBinding(s.workflowAccount, ns)));
    docs.add(BundleDocument.of(pipeline.eventBus()));
    docs.add(BundleDocument.of(pipeline.cwlRunnerTemplate()));
    docs.add(BundleDocument.of(pipeline.detectionTemplate()));
    docs.add(BundleDocument.of(pipeline.eventSource()));
    docs.add(BundleDocument.of(pipeline.sensor()));
    docs.add(
        BundleDocument.of(
            KubernetesObjects.deployment(s.watcherName, ns, s.image, pipeline.watcherArgs())));
    return new Bundle(
        docs,
        s.cwlUrl.isEmpty() ? Optional.of(pipeline.cwl().toYaml()) : Optional.empty(),
        List.of(
            "Argo Workflows controller (v3.5 or later) in the cluster",
            "Argo Events controller (v1.9) in the cluster",
            "Redis reachable from the cluster at " + s.redisHost + ":" + s.redisPort,
            "a StorageClass that provides ReadWriteMany volumes (the Calrissian working volume)",
            "the image "
                + s.image
                + " (docker build -f examples/Dockerfile), pullable by the"
                + " cluster",
            "a STAC API with the transactions extension at " + s.resultsApi));
  }
}
