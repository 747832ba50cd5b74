package io.waterbodies.argo.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.argo.ArgoException;
import io.waterbodies.argo.k8s.internal.ApiServer;
import io.waterbodies.argo.manifest.ArgoManifests;
import io.waterbodies.argo.model.ArgoResource;
import io.waterbodies.argo.model.Workflow;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.secret.Secret;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits and manages Argo resources, and any other Kubernetes object, on a cluster with the
 * official Java client: {@link #submit} creates a Workflow, {@link #apply} creates or replaces any
 * Argo resource, {@link #await} watches a Workflow to completion (resuming a dropped watch from the
 * last resourceVersion, falling back to polling), {@link #status} and {@link #delete}; {@link
 * #createObject}, {@link #getObject}, {@link #replaceObject}, {@link #patchObject} and {@link
 * #deleteObject} work on any object (what Argo Events' {@code k8s} trigger does).
 *
 * <pre>{@code
 * ArgoKubernetes k8s = ArgoKubernetes.fromKubeconfig().namespace("eoap").build();
 * pipeline.resources().forEach(k8s::apply);
 * Workflow wf = k8s.submit(workflow);
 * WorkflowStatus done = k8s.await(wf.name().orElseThrow(), Duration.ofMinutes(30));
 * }</pre>
 *
 * <p>API errors are typed: {@link AlreadyExistsException} (409), {@link ForbiddenException}
 * (401/403), {@link NotFoundException} (404), {@link InvalidResourceException} (400/422), {@link
 * ApiServerUnreachableException} (no answer), else {@link KubernetesApiException}; each names the
 * resource and carries the API server's reason. Credentials (tokens, passwords, client keys) never
 * appear in {@link #toString()}, logs or exception messages.
 *
 * <p>{@code io.kubernetes:client-java} is an optional dependency of this module: without it the
 * builders throw {@link KubernetesClientMissingException} naming the artifact to add.
 */
public final class ArgoKubernetes {
  private static final Logger LOG = LoggerFactory.getLogger(ArgoKubernetes.class);
  private static final String ARGO = "argoproj.io/v1alpha1";
  private static final String JSON = "application/json";

  /** Patch type of Argo's default {@code patchStrategy}. */
  public static final String MERGE_PATCH = "application/merge-patch+json";

  // Argo Events' list of cluster-scoped resources, plus the cluster-scoped kinds our bundle uses.
  private static final Set<String> CLUSTER_SCOPED =
      Set.of(
          "namespaces",
          "nodes",
          "persistentvolumes",
          "clusterroles",
          "clusterrolebindings",
          "clusterworkflowtemplates",
          "storageclasses",
          "customresourcedefinitions");

  private final ApiServer server;
  private final String namespace;
  private final Duration pollInterval;

  private ArgoKubernetes(ApiServer server, String namespace, Duration poll) {
    this.server = server;
    this.namespace = namespace;
    this.pollInterval = poll;
  }

  /** Configuration from the current kubeconfig context ($KUBECONFIG or ~/.kube/config). */
  public static Builder fromKubeconfig() {
    return new Builder(Mode.KUBECONFIG);
  }

  /** Configuration from the pod's service account (in-cluster). */
  public static Builder inCluster() {
    return new Builder(Mode.IN_CLUSTER);
  }

  /**
   * Configuration as {@code kubectl} finds it: the {@link Builder#kubeconfig kubeconfig} given,
   * else {@code $KUBECONFIG}, else {@code ~/.kube/config} when it exists, else the in-cluster
   * service account.
   */
  public static Builder fromEnvironment() {
    return new Builder(Mode.AUTO);
  }

  /** An explicit API server URL and bearer token. */
  public static Builder connect(String url, Secret token) {
    Builder b = new Builder(Mode.TOKEN);
    b.url = Objects.requireNonNull(url, "url");
    b.token = Optional.of(Objects.requireNonNull(token, "token"));
    return b;
  }

  /**
   * Checks that {@code io.kubernetes:client-java} can be loaded by {@code loader}.
   *
   * @throws KubernetesClientMissingException naming the artifact to add when it cannot
   */
  public static void requireClient(ClassLoader loader) {
    try {
      Class.forName("io.kubernetes.client.openapi.ApiClient", false, loader);
      Class.forName("io.kubernetes.client.util.ClientBuilder", false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new KubernetesClientMissingException(
          "submitting to Kubernetes needs the official Kubernetes client, an optional dependency"
              + " of waterbodies-argo: add "
              + KubernetesClientMissingException.ARTIFACT
              + " (the version waterbodies-parent manages) to your dependencies",
          e);
    }
  }

  /** The namespace resources go to when they name none. */
  public String namespace() {
    return namespace;
  }

  /**
   * A Workflow named after a key (e.g. an event id) by {@link ResourceNames#deterministic}, its
   * {@code generateName} (or name, or {@code workflow-}) as prefix: submitting twice yields a 409.
   */
  public static Workflow withDeterministicName(Workflow workflow, String key) {
    String prefix = workflow.generateName().or(workflow::name).orElse("workflow-");
    ObjectNode json = workflow.toJson();
    ((ObjectNode) json.path("metadata")).remove("generateName");
    ((ObjectNode) json.path("metadata")).put("name", ResourceNames.deterministic(prefix, key));
    return Workflow.of(json);
  }

  /**
   * Creates a Workflow and returns it as the server stored it (with its generated name).
   *
   * @throws AlreadyExistsException when a Workflow of that name exists
   */
  public Workflow submit(Workflow workflow) {
    return (Workflow) create(workflow);
  }

  /** Creates any Argo resource. */
  public ArgoResource create(ArgoResource resource) {
    ObjectNode body = createObject(resource.toJson());
    return ArgoManifests.fromJson(body, describe(body));
  }

  /** Creates the resource, or replaces it when one of that name exists. */
  public ArgoResource apply(ArgoResource resource) {
    String name =
        resource
            .name()
            .orElseThrow(
                () -> new ArgoException("apply needs metadata.name on " + resource.kind()));
    try {
      return create(resource);
    } catch (AlreadyExistsException e) {
      String ns = resource.namespace().orElse(namespace);
      ObjectNode current =
          getObject(ARGO, resource.kind(), ns, name)
              .orElseThrow(() -> new NotFoundException(resource.kind() + " vanished", name, e));
      ObjectNode replacement = resource.toJson();
      ((ObjectNode) replacement.path("metadata"))
          .put("resourceVersion", current.path("metadata").path("resourceVersion").asText());
      ObjectNode body = replaceObject(replacement);
      return ArgoManifests.fromJson(body, describe(body));
    }
  }

  /** Reads an Argo resource of the default namespace. */
  public Optional<ArgoResource> get(String kind, String name) {
    return getObject(ARGO, kind, namespace, name)
        .map(body -> ArgoManifests.fromJson(body, describe(body)));
  }

  /** Reads the status of a Workflow of the default namespace. */
  public WorkflowStatus status(String workflowName) {
    String what = "Workflow " + namespace + "/" + workflowName;
    return WorkflowStatus.of(
        request(
            "GET", path(ARGO, "Workflow", namespace, workflowName), List.of(), null, null, what));
  }

  /** Deletes an Argo resource of the default namespace; returns false when it did not exist. */
  public boolean delete(String kind, String name) {
    return deleteObject(ARGO, kind, namespace, name);
  }

  /**
   * Creates any object ({@code apiVersion}, {@code kind}, {@code metadata}); the namespace is the
   * object's, else this client's.
   *
   * @return the object as the server stored it
   * @throws AlreadyExistsException when an object of that name exists
   */
  public ObjectNode createObject(ObjectNode object) {
    String ns = namespaceOf(object);
    String what = describe(object);
    ObjectNode body =
        request(
            "POST",
            path(apiVersion(object), kind(object), ns, null),
            List.of(),
            bytes(object),
            JSON,
            what);
    LOG.info("created {}", describe(body));
    return body;
  }

  /** Reads an object; empty when it does not exist. */
  public Optional<ObjectNode> getObject(String apiVersion, String kind, String ns, String name) {
    try {
      return Optional.of(
          request(
              "GET",
              path(apiVersion, kind, ns, name),
              List.of(),
              null,
              null,
              kind + " " + scope(kind, ns) + name));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  /** Replaces an object (HTTP PUT); it must carry {@code metadata.name}. */
  public ObjectNode replaceObject(ObjectNode object) {
    String name = requireName(object);
    ObjectNode body =
        request(
            "PUT",
            path(apiVersion(object), kind(object), namespaceOf(object), name),
            List.of(),
            bytes(object),
            JSON,
            describe(object));
    LOG.info("replaced {}", describe(body));
    return body;
  }

  /**
   * Patches an object with its own JSON as the patch body, as Argo's {@code k8s} trigger does.
   *
   * @param patchType the content type: {@value #MERGE_PATCH}, {@code
   *     application/strategic-merge-patch+json}, {@code application/json-patch+json} or {@code
   *     application/apply-patch+yaml}
   */
  public ObjectNode patchObject(ObjectNode object, String patchType) {
    String name = requireName(object);
    List<String[]> query = new ArrayList<>();
    if (patchType.startsWith("application/apply-patch")) {
      query.add(new String[] {"fieldManager", "waterbodies"});
    }
    ObjectNode body =
        request(
            "PATCH",
            path(apiVersion(object), kind(object), namespaceOf(object), name),
            query,
            bytes(object),
            patchType,
            describe(object));
    LOG.info("patched {}", describe(body));
    return body;
  }

  /** Deletes an object; returns false when it did not exist. */
  public boolean deleteObject(String apiVersion, String kind, String ns, String name) {
    String what = kind + " " + scope(kind, ns) + name;
    try {
      request("DELETE", path(apiVersion, kind, ns, name), List.of(), null, null, what);
      LOG.info("deleted {}", what);
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  /**
   * Waits until a Workflow completes. Watches with {@code fieldSelector=metadata.name=...}; when
   * the watch drops it is resumed from the last resourceVersion seen; when watching fails it polls.
   *
   * @throws WorkflowTimeoutException when {@code timeout} passes first
   */
  public WorkflowStatus await(String workflowName, Duration timeout) {
    return new WorkflowWatch(
            server,
            path(ARGO, "Workflow", namespace, null),
            namespace,
            workflowName,
            pollInterval,
            () -> status(workflowName))
        .await(timeout);
  }

  private ObjectNode request(
      String method, String path, List<String[]> query, byte[] body, String type, String what) {
    ApiServer.Reply r;
    try {
      r = server.send(method, path, query, body, type);
    } catch (IOException e) {
      throw new ApiServerUnreachableException(
          "cannot reach the API server at "
              + server.basePath()
              + " ("
              + server.scrub(e.getClass().getSimpleName() + ": " + e.getMessage())
              + ")",
          what,
          null);
    }
    if (r.status() / 100 == 2) {
      JsonNode n = r.body().isBlank() ? Json.object() : Json.parse(r.body(), what);
      return n.isObject() ? (ObjectNode) n : Json.object();
    }
    String msg = "HTTP " + r.status() + " " + server.scrub(reason(r.body()));
    switch (r.status()) {
      case 409 -> throw new AlreadyExistsException(msg, what, null);
      case 401, 403 -> throw new ForbiddenException(msg, what, r.status(), null);
      case 404 -> throw new NotFoundException(msg, what, null);
      case 400, 422 -> throw new InvalidResourceException(msg, what, r.status(), null);
      default -> throw new KubernetesApiException(msg, what, r.status(), null);
    }
  }

  /** "Reason: message" from a Kubernetes Status body, else the start of the body. */
  private static String reason(String body) {
    try {
      JsonNode n = Json.parse(body, "status");
      String reason = n.path("reason").asText("");
      String message = n.path("message").asText("");
      if (reason.isEmpty() || message.isEmpty()) {
        return reason + message;
      }
      return reason + ": " + message;
    } catch (RuntimeException e) {
      return body.length() > 200 ? body.substring(0, 200) : body;
    }
  }

  private static byte[] bytes(ObjectNode object) {
    return Json.write(object, false).getBytes(StandardCharsets.UTF_8);
  }

  private String namespaceOf(ObjectNode object) {
    String ns = object.path("metadata").path("namespace").asText("");
    return ns.isEmpty() ? namespace : ns;
  }

  private static String apiVersion(ObjectNode object) {
    String v = object.path("apiVersion").asText("");
    if (v.isEmpty()) {
      throw new InvalidResourceException(
          "the object has no apiVersion", describeStatic(object), 0, null);
    }
    return v;
  }

  private static String kind(ObjectNode object) {
    String k = object.path("kind").asText("");
    if (k.isEmpty()) {
      throw new InvalidResourceException("the object has no kind", describeStatic(object), 0, null);
    }
    return k;
  }

  private String requireName(ObjectNode object) {
    String name = object.path("metadata").path("name").asText("");
    if (name.isEmpty()) {
      throw new InvalidResourceException(
          "the object has no metadata.name", describe(object), 0, null);
    }
    return name;
  }

  /** "Kind ns/name" for messages; generateName shows as a prefix with {@code *}. */
  private String describe(JsonNode object) {
    String kind = object.path("kind").asText("object");
    String ns = object.path("metadata").path("namespace").asText("");
    return kind + " " + scope(kind, ns.isEmpty() ? namespace : ns) + nameOf(object);
  }

  private static String describeStatic(JsonNode object) {
    String ns = object.path("metadata").path("namespace").asText("");
    return object.path("kind").asText("object")
        + " "
        + (ns.isEmpty() ? "" : ns + "/")
        + nameOf(object);
  }

  private static String nameOf(JsonNode object) {
    JsonNode meta = object.path("metadata");
    String name = meta.path("name").asText("");
    return name.isEmpty() ? meta.path("generateName").asText("") + "*" : name;
  }

  private static String scope(String kind, String ns) {
    return CLUSTER_SCOPED.contains(ResourceNames.plural(kind)) ? "" : ns + "/";
  }

  /**
   * The REST path of a collection ({@code name} null) or object: {@code /api/v1/...} for the core
   * group, {@code /apis/<group>/<version>/...} otherwise; no namespace for cluster-scoped kinds.
   */
  static String path(String apiVersion, String kind, String ns, String name) {
    String plural = ResourceNames.plural(kind);
    StringBuilder p =
        new StringBuilder(apiVersion.contains("/") ? "/apis/" : "/api/").append(apiVersion);
    if (!CLUSTER_SCOPED.contains(plural)) {
      p.append("/namespaces/").append(ns);
    }
    p.append('/').append(plural);
    if (name != null) {
      p.append('/').append(name);
    }
    return p.toString();
  }

  @Override
  public String toString() {
    return "ArgoKubernetes{" + server.description() + ", namespace=" + namespace + "}";
  }

  private enum Mode {
    KUBECONFIG,
    IN_CLUSTER,
    TOKEN,
    AUTO
  }

  /** Builds an {@link ArgoKubernetes}; configuration is checked when {@link #build()} runs. */
  public static final class Builder {
    private final Mode mode;
    private String url;
    private Optional<Secret> token = Optional.empty();
    private Optional<Path> kubeconfig = Optional.empty();
    private Optional<String> namespace = Optional.empty();
    private boolean verifySsl = true;
    private Duration pollInterval = Duration.ofSeconds(5);

    Builder(Mode mode) {
      this.mode = mode;
    }

    /** The default namespace (else the kubeconfig context's, else {@code default}). */
    public Builder namespace(String ns) {
      this.namespace = Optional.of(ns);
      return this;
    }

    /** A kubeconfig file other than the default one. */
    public Builder kubeconfig(Path file) {
      this.kubeconfig = Optional.of(file);
      return this;
    }

    /** Whether to verify the server's TLS certificate (explicit URL only; default true). */
    public Builder verifySsl(boolean verify) {
      this.verifySsl = verify;
      return this;
    }

    /** Polling interval when a watch cannot be used (default 5 s). */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = Objects.requireNonNull(interval);
      return this;
    }

    /**
     * Builds the client.
     *
     * @throws KubernetesClientMissingException when {@code io.kubernetes:client-java} is absent
     * @throws KubeconfigException when the kubeconfig is missing, unreadable or invalid, or no
     *     configuration is found
     */
    public ArgoKubernetes build() {
      requireClient(ArgoKubernetes.class.getClassLoader());
      ApiServer server =
          switch (mode) {
            case TOKEN -> ApiServer.token(url, token.orElseThrow(), verifySsl);
            case IN_CLUSTER -> ApiServer.inCluster();
            case KUBECONFIG -> ApiServer.kubeconfig(kubeconfig.orElseGet(Builder::envKubeconfig));
            case AUTO -> auto();
          };
      String ns = namespace.or(server::namespace).orElse("default");
      return new ArgoKubernetes(server, ns, pollInterval);
    }

    private ApiServer auto() {
      if (kubeconfig.isPresent()) {
        return ApiServer.kubeconfig(kubeconfig.get());
      }
      String env = System.getenv("KUBECONFIG");
      if (env != null && !env.isBlank()) {
        return ApiServer.kubeconfig(envKubeconfig());
      }
      Path home = homeKubeconfig();
      if (Files.isRegularFile(home)) {
        return ApiServer.kubeconfig(home);
      }
      if (System.getenv("KUBERNETES_SERVICE_HOST") != null) {
        return ApiServer.inCluster();
      }
      throw new KubeconfigException(
          "no Kubernetes configuration: pass --kubeconfig FILE, set KUBECONFIG, create "
              + home
              + ", or run in a pod with a service account",
          "Kubernetes client configuration",
          null);
    }

    private static Path envKubeconfig() {
      String env = System.getenv("KUBECONFIG");
      if (env != null && !env.isBlank()) {
        return Path.of(env.split(File.pathSeparator)[0]);
      }
      return homeKubeconfig();
    }

    private static Path homeKubeconfig() {
      return Path.of(System.getProperty("user.home"), ".kube", "config");
    }
  }
}
