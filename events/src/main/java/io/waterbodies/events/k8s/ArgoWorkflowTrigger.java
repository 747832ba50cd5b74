package io.waterbodies.events.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.argo.k8s.ArgoKubernetes;
import io.waterbodies.argo.k8s.KubernetesApiException;
import io.waterbodies.core.json.Json;
import io.waterbodies.events.sensor.SensorSpecException;
import io.waterbodies.events.sensor.Trigger;
import io.waterbodies.events.sensor.TriggerException;
import io.waterbodies.events.sensor.TriggerRequest;
import io.waterbodies.events.sensor.TriggerSpec;
import java.util.Locale;

/**
 * Argo Events' {@code argoWorkflow} trigger over the Kubernetes API (Argo's runs the {@code argo}
 * CLI). {@code submit} creates the Workflow exactly once per event, like {@link
 * KubernetesTrigger}'s {@code create}; {@code submit-from} creates a Workflow from a
 * WorkflowTemplate, ClusterWorkflowTemplate or CronWorkflow named by the resource; {@code suspend},
 * {@code resume}, {@code terminate} and {@code stop} patch the named Workflow's {@code
 * spec.suspend} / {@code spec.shutdown} as the Argo CLI does (resume only lifts a workflow-level
 * suspension, not suspend steps). {@code resubmit}, {@code retry} and CLI {@code args} need the
 * Argo Server and are refused when the sensor is built.
 */
public final class ArgoWorkflowTrigger implements Trigger {
  private static final String ARGO = "argoproj.io/v1alpha1";

  /** The operations of Argo's {@code argoWorkflow} trigger that this trigger runs. */
  public enum Operation {
    /** Create the Workflow (Argo's default). */
    SUBMIT,
    /** Create a Workflow from a template or cron workflow. */
    SUBMIT_FROM,
    /** Set {@code spec.suspend}. */
    SUSPEND,
    /** Clear {@code spec.suspend}. */
    RESUME,
    /** Set {@code spec.shutdown: Terminate}. */
    TERMINATE,
    /** Set {@code spec.shutdown: Stop}. */
    STOP
  }

  private final ArgoKubernetes k8s;
  private final String namespace;
  private final Operation operation;

  private ArgoWorkflowTrigger(ArgoKubernetes k8s, String namespace, Operation operation) {
    this.k8s = k8s;
    this.namespace = namespace;
    this.operation = operation;
  }

  /**
   * The trigger for an {@code argoWorkflow} spec.
   *
   * @param namespace where Workflows that name no namespace go
   * @throws SensorSpecException for {@code resubmit}, {@code retry}, an unknown operation, {@code
   *     args}, or a source other than {@code resource}
   */
  public static ArgoWorkflowTrigger of(ArgoKubernetes k8s, String namespace, TriggerSpec spec) {
    JsonNode body = spec.raw().path("argoWorkflow");
    String where = "trigger " + spec.name();
    String op = body.path("operation").asText("submit");
    if (op.equals("resubmit") || op.equals("retry")) {
      throw new SensorSpecException(
          "argoWorkflow operation '"
              + op
              + "' is not supported: it needs the Argo Server (argo CLI), not only the Kubernetes"
              + " API; use submit, submit-from, suspend, resume, terminate or stop",
          where,
          "/template/argoWorkflow/operation",
          null);
    }
    Operation operation =
        KubernetesTrigger.operation(
            Operation.class,
            op,
            where,
            "/template/argoWorkflow/operation",
            "argoWorkflow operation",
            "submit, submit-from, suspend, resume, terminate, stop");
    if (body.path("args").size() > 0) {
      throw new SensorSpecException(
          "argoWorkflow.args (extra argo CLI arguments) are not supported: put them in the"
              + " resource (parameters, serviceAccountName, ...)",
          where,
          "/template/argoWorkflow/args",
          null);
    }
    KubernetesTrigger.requireResource(spec, body, where, "/template/argoWorkflow/source");
    return new ArgoWorkflowTrigger(k8s, namespace, operation);
  }

  /** The operation this trigger runs. */
  public Operation operation() {
    return operation;
  }

  @Override
  public void fire(TriggerRequest request) throws TriggerException {
    ObjectNode obj = KubernetesTrigger.inNamespace(request.resource(), namespace);
    switch (operation) {
      case SUBMIT -> {
        if (!"Workflow".equals(obj.path("kind").asText())) {
          throw TriggerException.permanent(
              "trigger "
                  + request.triggerName()
                  + ": submit needs a Workflow resource, found kind '"
                  + obj.path("kind").asText()
                  + "'");
        }
        KubernetesTrigger.createOnce(k8s, obj, request);
      }
      case SUBMIT_FROM -> KubernetesTrigger.createOnce(k8s, workflowFrom(obj), request);
      case SUSPEND -> patchSpec(obj, spec -> spec.put("suspend", true));
      case RESUME -> patchSpec(obj, spec -> spec.putNull("suspend"));
      case TERMINATE -> patchSpec(obj, spec -> spec.put("shutdown", "Terminate"));
      case STOP -> patchSpec(obj, spec -> spec.put("shutdown", "Stop"));
      default -> throw new IllegalStateException("unhandled operation " + operation);
    }
  }

  private ObjectNode workflowFrom(ObjectNode from) throws TriggerException {
    String kind = from.path("kind").asText();
    String name = KubernetesTrigger.requireName(from, "submit-from");
    ObjectNode wf = Json.object();
    wf.put("apiVersion", ARGO).put("kind", "Workflow");
    ObjectNode meta = wf.putObject("metadata").put("generateName", name + "-");
    meta.put("namespace", KubernetesTrigger.namespace(k8s, from));
    switch (kind) {
      case "WorkflowTemplate", "ClusterWorkflowTemplate" -> {
        ObjectNode ref = wf.putObject("spec").putObject("workflowTemplateRef").put("name", name);
        if (kind.startsWith("Cluster")) {
          ref.put("clusterScope", true);
        }
      }
      case "CronWorkflow" -> {
        try {
          ObjectNode cron =
              k8s.getObject(ARGO, kind, KubernetesTrigger.namespace(k8s, from), name)
                  .orElseThrow(
                      () ->
                          TriggerException.permanent(
                              "submit-from: CronWorkflow "
                                  + KubernetesTrigger.namespace(k8s, from)
                                  + "/"
                                  + name
                                  + " does not exist"));
          wf.set("spec", cron.path("spec").path("workflowSpec").deepCopy());
        } catch (KubernetesApiException e) {
          throw KubernetesTrigger.failure("submit-from", e, false);
        }
      }
      default ->
          throw TriggerException.permanent(
              "submit-from needs a WorkflowTemplate, ClusterWorkflowTemplate or CronWorkflow,"
                  + " found kind '"
                  + kind
                  + "'");
    }
    return wf;
  }

  private interface SpecEdit {
    void edit(ObjectNode spec);
  }

  private void patchSpec(ObjectNode obj, SpecEdit edit) throws TriggerException {
    String name = KubernetesTrigger.requireName(obj, operation.name().toLowerCase(Locale.ROOT));
    ObjectNode patch = Json.object();
    patch.put("apiVersion", ARGO).put("kind", "Workflow");
    patch
        .putObject("metadata")
        .put("name", name)
        .put("namespace", KubernetesTrigger.namespace(k8s, obj));
    edit.edit(patch.putObject("spec"));
    try {
      k8s.patchObject(patch, ArgoKubernetes.MERGE_PATCH);
    } catch (KubernetesApiException e) {
      throw KubernetesTrigger.failure(operation.name().toLowerCase(Locale.ROOT), e, true);
    }
  }

  @Override
  public String toString() {
    return "ArgoWorkflowTrigger{"
        + operation.name().toLowerCase(Locale.ROOT).replace('_', '-')
        + "}";
  }
}
