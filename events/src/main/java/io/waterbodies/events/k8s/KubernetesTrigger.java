package io.waterbodies.events.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.argo.k8s.AlreadyExistsException;
import io.waterbodies.argo.k8s.ArgoKubernetes;
import io.waterbodies.argo.k8s.KubernetesApiException;
import io.waterbodies.events.sensor.SensorSpecException;
import io.waterbodies.events.sensor.Trigger;
import io.waterbodies.events.sensor.TriggerException;
import io.waterbodies.events.sensor.TriggerRequest;
import io.waterbodies.events.sensor.TriggerSpec;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Argo Events' {@code k8s} trigger: {@code create}, {@code update}, {@code patch} (with {@code
 * patchStrategy}) or {@code delete} of the trigger's resource, with the semantics of Argo Events'
 * {@code standard-k8s} trigger (update and patch create a missing object, delete ignores one,
 * update merges the resource onto the live object with override) and stronger delivery:
 *
 * <ul>
 *   <li>{@code create} is exactly-once per event: a {@code generateName} becomes a name derived
 *       from the sensor's idempotency key ({@link TriggerRequest#deterministicName}), so a
 *       redelivered event meets 409 AlreadyExists, which counts as success. A fixed {@code
 *       metadata.name} is kept; its 409 counts as success only when the existing object carries
 *       this event's key in the {@value #KEY_ANNOTATION} annotation.
 *   <li>Errors: unreachable API server, 429 and 5xx throw a retryable {@link TriggerException}
 *       (redelivered with the sensor's backoff); 400, 401, 403, 404, 422 a {@linkplain
 *       TriggerException#isPermanent() permanent} one (dead-lettered), whose message names the
 *       resource and the API server's reason.
 * </ul>
 */
public final class KubernetesTrigger implements Trigger {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesTrigger.class);

  /** Annotation carrying the idempotency key of the event that created the object. */
  public static final String KEY_ANNOTATION = "waterbodies.io/idempotency-key";

  /** The operations of Argo's {@code k8s} trigger. */
  public enum Operation {
    /** Create the resource (Argo's default). */
    CREATE,
    /** Merge the resource onto the live object and replace it; create when missing. */
    UPDATE,
    /** Patch the live object with the resource; create when missing. */
    PATCH,
    /** Delete the object; nothing when missing. */
    DELETE
  }

  private final ArgoKubernetes k8s;
  private final String namespace;
  private final Operation operation;
  private final String patchStrategy;

  KubernetesTrigger(
      ArgoKubernetes k8s, String namespace, Operation operation, String patchStrategy) {
    this.k8s = k8s;
    this.namespace = namespace;
    this.operation = operation;
    this.patchStrategy = patchStrategy;
  }

  /**
   * The trigger for a {@code k8s} spec.
   *
   * @param namespace where objects that name no namespace go
   * @throws SensorSpecException for an unknown operation, a source other than {@code resource}, or
   *     {@code liveObject}
   */
  public static KubernetesTrigger of(ArgoKubernetes k8s, String namespace, TriggerSpec spec) {
    JsonNode body = spec.raw().path("k8s");
    String where = "trigger " + spec.name();
    Operation operation =
        operation(
            Operation.class,
            body.path("operation").asText("create"),
            where,
            "/template/k8s/operation",
            "k8s operation",
            "create, update, patch or delete");
    requireResource(spec, body, where, "/template/k8s/source");
    if (body.path("liveObject").asBoolean(false)) {
      throw new SensorSpecException(
          "k8s.liveObject is not supported: update merges the resource onto the live object"
              + " already; remove liveObject",
          where,
          "/template/k8s/liveObject",
          null);
    }
    String strategy = body.path("patchStrategy").asText("");
    return new KubernetesTrigger(
        k8s, namespace, operation, strategy.isEmpty() ? ArgoKubernetes.MERGE_PATCH : strategy);
  }

  /** The operation named {@code op} (Argo's spelling, e.g. {@code submit-from}). */
  static <E extends Enum<E>> E operation(
      Class<E> type, String op, String where, String ptr, String what, String known) {
    try {
      return Enum.valueOf(type, op.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new SensorSpecException(
          "unknown " + what + " '" + op + "' (" + known + ")", where, ptr, null);
    }
  }

  static void requireResource(TriggerSpec spec, JsonNode body, String where, String ptr) {
    if (spec.resource().isEmpty() || !body.path("source").path("resource").isObject()) {
      throw new SensorSpecException(
          "only source.resource is supported (not configmap, file, git or url sources)",
          where,
          ptr,
          null);
    }
  }

  /** The operation this trigger runs. */
  public Operation operation() {
    return operation;
  }

  @Override
  public void fire(TriggerRequest request) throws TriggerException {
    ObjectNode obj = inNamespace(request.resource(), namespace);
    switch (operation) {
      case CREATE -> createOnce(k8s, obj, request);
      case UPDATE -> update(obj);
      case PATCH -> patch(obj);
      case DELETE -> delete(obj);
      default -> throw new IllegalStateException("unhandled operation " + operation);
    }
  }

  /**
   * Creates {@code obj} for the event once: labels as Argo sets them, the key annotation, a name
   * derived from the key when the object has a {@code generateName}.
   */
  static ObjectNode createOnce(ArgoKubernetes k8s, ObjectNode obj, TriggerRequest request)
      throws TriggerException {
    ObjectNode meta = metadata(obj);
    String generate = meta.path("generateName").asText("");
    boolean derived = !generate.isEmpty();
    if (derived) {
      meta.remove("generateName");
      meta.put("name", request.deterministicName(generate));
    } else if (meta.path("name").asText("").isEmpty()) {
      throw TriggerException.permanent(
          "trigger " + request.triggerName() + ": the resource has neither name nor generateName");
    }
    ObjectNode labels = child(meta, "labels");
    labels.put("events.argoproj.io/sensor", request.sensorName());
    labels.put("events.argoproj.io/trigger", request.triggerName());
    labels.put("events.argoproj.io/action-timestamp", Long.toString(System.currentTimeMillis()));
    child(meta, "annotations").put(KEY_ANNOTATION, request.idempotencyKey());
    try {
      return k8s.createObject(obj);
    } catch (AlreadyExistsException e) {
      String name = meta.path("name").asText();
      if (derived || createdFor(k8s, obj, name, request.idempotencyKey())) {
        LOG.info(
            "sensor {} trigger {}: {} {} exists already (an earlier delivery of this event)",
            request.sensorName(),
            request.triggerName(),
            obj.path("kind").asText(),
            name);
        return obj;
      }
      throw new TriggerException(
          e.getMessage() + " (not created for this event: its " + KEY_ANNOTATION + " differs)",
          true,
          e);
    } catch (KubernetesApiException e) {
      throw failure("create", e, false);
    }
  }

  private static boolean createdFor(ArgoKubernetes k8s, ObjectNode obj, String name, String key)
      throws TriggerException {
    try {
      return k8s.getObject(
              obj.path("apiVersion").asText(), obj.path("kind").asText(), namespace(k8s, obj), name)
          .map(
              o -> key.equals(o.path("metadata").path("annotations").path(KEY_ANNOTATION).asText()))
          .orElse(false);
    } catch (KubernetesApiException e) {
      throw failure("read", e, false);
    }
  }

  private void update(ObjectNode obj) throws TriggerException {
    String name = requireName(obj, "update");
    try {
      Optional<ObjectNode> old = live(obj, name);
      if (old.isEmpty()) {
        k8s.createObject(obj);
        return;
      }
      ObjectNode merged = old.get();
      mergeOverride(merged, obj);
      k8s.replaceObject(merged);
    } catch (KubernetesApiException e) {
      // 409 on replace: the object changed since it was read; the retry reads it again.
      throw failure("update", e, true);
    }
  }

  private void patch(ObjectNode obj) throws TriggerException {
    String name = requireName(obj, "patch");
    try {
      if (live(obj, name).isEmpty()) {
        k8s.createObject(obj);
        return;
      }
      k8s.patchObject(obj, patchStrategy);
    } catch (KubernetesApiException e) {
      throw failure("patch", e, true);
    }
  }

  private void delete(ObjectNode obj) throws TriggerException {
    String name = requireName(obj, "delete");
    try {
      if (live(obj, name).isPresent()) {
        k8s.deleteObject(
            obj.path("apiVersion").asText(), obj.path("kind").asText(), namespace(k8s, obj), name);
      }
    } catch (KubernetesApiException e) {
      throw failure("delete", e, false);
    }
  }

  private Optional<ObjectNode> live(ObjectNode obj, String name) {
    return k8s.getObject(
        obj.path("apiVersion").asText(), obj.path("kind").asText(), namespace(k8s, obj), name);
  }

  static String namespace(ArgoKubernetes k8s, ObjectNode obj) {
    String ns = obj.path("metadata").path("namespace").asText("");
    return ns.isEmpty() ? k8s.namespace() : ns;
  }

  /** {@code obj} with {@code metadata.namespace} set to {@code ns} when it names none. */
  static ObjectNode inNamespace(ObjectNode obj, String ns) {
    ObjectNode meta = metadata(obj);
    if (meta.path("namespace").asText("").isEmpty()) {
      meta.put("namespace", ns);
    }
    return obj;
  }

  static String requireName(ObjectNode obj, String op) throws TriggerException {
    String name = obj.path("metadata").path("name").asText("");
    if (name.isEmpty()) {
      throw TriggerException.permanent(
          op + " of " + obj.path("kind").asText("a resource") + " needs metadata.name");
    }
    return name;
  }

  /**
   * A retryable failure when the API server may answer differently later (unreachable, 429, 5xx,
   * and 409 when {@code conflictRetryable}); else permanent.
   */
  static TriggerException failure(String op, KubernetesApiException e, boolean conflictRetryable) {
    boolean retry = e.retryable() || (conflictRetryable && e.status() == 409);
    return new TriggerException(op + " failed: " + e.getMessage(), !retry, e);
  }

  /**
   * Merges {@code src} into {@code dst} like Argo's {@code mergo.Merge(dst, src, WithOverride)}:
   * objects merge key by key, other values of {@code src} replace those of {@code dst} unless they
   * are empty (null, "", 0, false, [] or {}).
   */
  static void mergeOverride(ObjectNode dst, ObjectNode src) {
    for (Map.Entry<String, JsonNode> e : src.properties()) {
      JsonNode v = e.getValue();
      JsonNode d = dst.get(e.getKey());
      if (v.isObject() && d != null && d.isObject()) {
        mergeOverride((ObjectNode) d, (ObjectNode) v);
      } else if (!empty(v)) {
        dst.set(e.getKey(), v.deepCopy());
      }
    }
  }

  private static boolean empty(JsonNode v) {
    return v.isNull()
        || (v.isTextual() && v.asText().isEmpty())
        || (v.isNumber() && v.asDouble() == 0)
        || (v.isBoolean() && !v.asBoolean())
        || (v.isContainerNode() && v.isEmpty());
  }

  static ObjectNode metadata(ObjectNode obj) {
    return child(obj, "metadata");
  }

  static ObjectNode child(ObjectNode parent, String name) {
    JsonNode n = parent.get(name);
    return n instanceof ObjectNode o ? o : parent.putObject(name);
  }

  @Override
  public String toString() {
    return "KubernetesTrigger{" + operation.name().toLowerCase(Locale.ROOT) + "}";
  }
}
