package io.waterbodies.argo.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.argo.ArgoException;
import io.waterbodies.argo.k8s.internal.ApiCalls;
import io.waterbodies.argo.k8s.internal.ApiServer;
import io.waterbodies.argo.k8s.internal.Kubeconfigs;
import io.waterbodies.argo.k8s.internal.ObjectAddress;
import io.waterbodies.argo.manifest.ArgoManifests;
import io.waterbodies.argo.model.ArgoResource;
import io.waterbodies.argo.model.Workflow;
import io.waterbodies.core.secret.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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

  /** Patch type of Argo's default {@code patchStrategy}. */
  public static final String MERGE_PATCH = "application/merge-patch+json";

  private final ApiServer server;
  private final ApiCalls api;
  private final ObjectAddress address;
  private final String namespace;
  private final Duration pollInterval;

  private ArgoKubernetes(ApiServer server, String namespace, Duration poll) {
    this.server = server;
    this.api = new ApiCalls(server);
    this.address = new ObjectAddress(namespace);
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
    return ArgoManifests.fromJson(body, address.describe(body));
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
      return ArgoManifests.fromJson(body, address.describe(body));
    }
  }

  /** Reads an Argo resource of the default namespace. */
  public Optional<ArgoResource> get(String kind, String name) {
    return getObject(ARGO, kind, namespace, name)
        .map(body -> ArgoManifests.fromJson(body, address.describe(body)));
  }

  /** Reads the status of a Workflow of the default namespace. */
  public WorkflowStatus status(String workflowName) {
    String what = "Workflow " + namespace + "/" + workflowName;
    return WorkflowStatus.of(
        api.request(
            "GET",
            ObjectAddress.path(ARGO, "Workflow", namespace, workflowName),
            List.of(),
            null,
            null,
            what));
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
    String what = address.describe(object);
    ObjectNode body =
        api.request(
            "POST",
            address.pathOf(object, null),
            List.of(),
            ApiCalls.bytes(object),
            ApiCalls.JSON,
            what);
    LOG.info("created {}", address.describe(body));
    return body;
  }

  /** Reads an object; empty when it does not exist. */
  public Optional<ObjectNode> getObject(String apiVersion, String kind, String ns, String name) {
    try {
      return Optional.of(
          api.request(
              "GET",
              ObjectAddress.path(apiVersion, kind, ns, name),
              List.of(),
              null,
              null,
              ObjectAddress.describe(kind, ns, name)));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  /** Replaces an object (HTTP PUT); it must carry {@code metadata.name}. */
  public ObjectNode replaceObject(ObjectNode object) {
    String name = address.requireName(object);
    ObjectNode body =
        api.request(
            "PUT",
            address.pathOf(object, name),
            List.of(),
            ApiCalls.bytes(object),
            ApiCalls.JSON,
            address.describe(object));
    LOG.info("replaced {}", address.describe(body));
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
    String name = address.requireName(object);
    List<String[]> query = new ArrayList<>();
    if (patchType.startsWith("application/apply-patch")) {
      query.add(new String[] {"fieldManager", "waterbodies"});
    }
    ObjectNode body =
        api.request(
            "PATCH",
            address.pathOf(object, name),
            query,
            ApiCalls.bytes(object),
            patchType,
            address.describe(object));
    LOG.info("patched {}", address.describe(body));
    return body;
  }

  /** Deletes an object; returns false when it did not exist. */
  public boolean deleteObject(String apiVersion, String kind, String ns, String name) {
    String what = ObjectAddress.describe(kind, ns, name);
    try {
      api.request(
          "DELETE", ObjectAddress.path(apiVersion, kind, ns, name), List.of(), null, null, what);
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
            ObjectAddress.path(ARGO, "Workflow", namespace, null),
            namespace,
            workflowName,
            pollInterval,
            () -> status(workflowName))
        .await(timeout);
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
            case KUBECONFIG ->
                ApiServer.kubeconfig(kubeconfig.orElseGet(Kubeconfigs::fromEnvironment));
            case AUTO -> Kubeconfigs.auto(kubeconfig);
          };
      String ns = namespace.or(server::namespace).orElse("default");
      return new ArgoKubernetes(server, ns, pollInterval);
    }
  }
}
