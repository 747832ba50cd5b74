package io.waterbodies.argo.reference;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.argo.internal.Trees;
import java.util.List;

/** The plain Kubernetes objects of the bundle: service accounts, RBAC and the watcher. */
final class KubernetesObjects {
  private KubernetesObjects() {}

  static ObjectNode serviceAccount(String name, String namespace) {
    return object("v1", "ServiceAccount", name, namespace);
  }

  /** The sensor creates Workflows (and reads them back to recognise its own). */
  static ObjectNode sensorRole(String name, String namespace) {
    ObjectNode role = object("rbac.authorization.k8s.io/v1", "Role", name, namespace);
    ArrayNode rules = role.putArray("rules");
    rule(rules, "argoproj.io", List.of("workflows"), List.of("create", "get", "list", "watch"));
    return role;
  }

  /**
   * The workflows: Argo's executor reports outputs through workflowtaskresults; the resource
   * template creates and watches the Calrissian Job; Calrissian creates one pod per CWL step, reads
   * their logs and the working volume's claim.
   */
  static ObjectNode workflowRole(String name, String namespace) {
    ObjectNode role = object("rbac.authorization.k8s.io/v1", "Role", name, namespace);
    ArrayNode rules = role.putArray("rules");
    rule(rules, "argoproj.io", List.of("workflowtaskresults"), List.of("create", "patch"));
    rule(
        rules,
        "batch",
        List.of("jobs"),
        List.of("create", "get", "list", "watch", "patch", "delete"));
    rule(rules, "", List.of("pods"), List.of("create", "get", "list", "watch", "patch", "delete"));
    rule(rules, "", List.of("pods/log"), List.of("get", "list", "watch"));
    rule(
        rules,
        "",
        List.of("persistentvolumeclaims"),
        List.of("create", "get", "list", "watch", "delete"));
    return role;
  }

  /** Binds the Role {@code name} to the service account {@code name}. */
  static ObjectNode roleBinding(String name, String namespace) {
    ObjectNode b = object("rbac.authorization.k8s.io/v1", "RoleBinding", name, namespace);
    ObjectNode ref = b.putObject("roleRef");
    ref.put("apiGroup", "rbac.authorization.k8s.io");
    ref.put("kind", "Role");
    ref.put("name", name);
    ObjectNode subject = b.putArray("subjects").addObject();
    subject.put("kind", "ServiceAccount");
    subject.put("name", name);
    if (!namespace.isEmpty()) {
      subject.put("namespace", namespace);
    }
    return b;
  }

  /** One replica running {@code waterbodies args...} in {@code image}, as a non-root user. */
  static ObjectNode deployment(String name, String namespace, String image, List<String> args) {
    ObjectNode d = object("apps/v1", "Deployment", name, namespace);
    d.with("metadata").putObject("labels").put("app", name);
    ObjectNode spec = d.putObject("spec");
    spec.put("replicas", 1);
    // One watcher at a time: two would emit every item twice.
    spec.putObject("strategy").put("type", "Recreate");
    spec.putObject("selector").putObject("matchLabels").put("app", name);
    ObjectNode template = spec.putObject("template");
    template.putObject("metadata").putObject("labels").put("app", name);
    ObjectNode pod = template.putObject("spec");
    pod.putObject("securityContext").put("runAsNonRoot", true);
    ObjectNode c = pod.putArray("containers").addObject();
    c.put("name", "watcher");
    c.put("image", image);
    c.putArray("command").add("waterbodies");
    ArrayNode a = c.putArray("args");
    args.forEach(a::add);
    return d;
  }

  private static void rule(ArrayNode rules, String group, List<String> res, List<String> verbs) {
    ObjectNode r = rules.addObject();
    r.putArray("apiGroups").add(group);
    ArrayNode resources = r.putArray("resources");
    res.forEach(resources::add);
    ArrayNode v = r.putArray("verbs");
    verbs.forEach(v::add);
  }

  private static ObjectNode object(String apiVersion, String kind, String name, String ns) {
    ObjectNode o = Trees.object();
    o.put("apiVersion", apiVersion);
    o.put("kind", kind);
    ObjectNode meta = o.putObject("metadata");
    meta.put("name", name);
    if (!ns.isEmpty()) {
      meta.put("namespace", ns);
    }
    return o;
  }
}
