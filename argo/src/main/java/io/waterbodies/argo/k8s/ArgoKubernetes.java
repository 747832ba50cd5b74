package io.waterbodies.argo.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import io.kubernetes.client.util.credentials.AccessTokenAuthentication;
import io.waterbodies.argo.ArgoException;
import io.waterbodies.argo.manifest.ArgoManifests;
import io.waterbodies.argo.model.ArgoResource;
import io.waterbodies.argo.model.Workflow;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.secret.Secret;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Call;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits and manages Argo resources on a Kubernetes cluster with the official Java client
 * (CustomObjectsApi): {@link #submit} creates a Workflow, {@link #apply} creates or replaces any
 * Argo resource, {@link #await} watches a Workflow to completion (resuming a dropped watch from the
 * last resourceVersion, falling back to polling), {@link #status} and {@link #delete}.
 *
 * <pre>{@code
 * ArgoKubernetes k8s = ArgoKubernetes.fromKubeconfig().namespace("eoap").build();
 * pipeline.resources().forEach(k8s::apply);
 * Workflow wf = k8s.submit(workflow);
 * WorkflowStatus done = k8s.await(wf.name().orElseThrow(), Duration.ofMinutes(30));
 * }</pre>
 *
 * <p>API errors are typed: {@link AlreadyExistsException} (409), {@link ForbiddenException}
 * (401/403), {@link NotFoundException} (404), else {@link KubernetesApiException}. The token never
 * appears in {@link #toString()}, logs or exception messages.
 */
public final class ArgoKubernetes {
  private static final Logger LOG = LoggerFactory.getLogger(ArgoKubernetes.class);
  private static final String GROUP = "argoproj.io";
  private static final String VERSION = "v1alpha1";

  private final ApiClient client;
  private final CustomObjectsApi api;
  private final String namespace;
  private final String description;
  private final Duration pollInterval;

  private ArgoKubernetes(ApiClient client, String namespace, String description, Duration poll) {
    this.client = client;
    this.api = new CustomObjectsApi(client);
    this.namespace = namespace;
    this.description = description;
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

  /** An explicit API server URL and bearer token. */
  public static Builder connect(String url, Secret token) {
    Builder b = new Builder(Mode.TOKEN);
    b.url = Objects.requireNonNull(url, "url");
    b.token = Optional.of(Objects.requireNonNull(token, "token"));
    return b;
  }

  /** The namespace resources go to when they name none. */
  public String namespace() {
    return namespace;
  }

  /** A Workflow name derived from a key (e.g. an event id): submitting twice yields a 409. */
  public static Workflow withDeterministicName(Workflow workflow, String key) {
    String prefix = workflow.name().or(workflow::generateName).orElse("workflow-");
    if (!prefix.endsWith("-")) {
      prefix = prefix + "-";
    }
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      String suffix = HexFormat.of().formatHex(h).substring(0, 10);
      ObjectNode json = workflow.toJson();
      ((ObjectNode) json.path("metadata")).remove("generateName");
      ((ObjectNode) json.path("metadata")).put("name", prefix + suffix);
      return Workflow.of(json);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
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
    String ns = ns(resource);
    String what = resource.kind() + " " + ns + "/" + resource.displayName();
    JsonNode body =
        call(
            what,
            () ->
                api.createNamespacedCustomObject(
                        GROUP,
                        VERSION,
                        ns,
                        plural(resource),
                        Json.mapper().convertValue(resource.toJson(), Map.class))
                    .buildCall(null));
    LOG.info("created {} {}/{}", resource.kind(), ns, body.path("metadata").path("name").asText());
    return ArgoManifests.fromJson(body, what);
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
      String ns = ns(resource);
      String what = resource.kind() + " " + ns + "/" + name;
      JsonNode current =
          call(
              what,
              () ->
                  api.getNamespacedCustomObject(GROUP, VERSION, ns, plural(resource), name)
                      .buildCall(null));
      ObjectNode replacement = resource.toJson();
      ((ObjectNode) replacement.path("metadata"))
          .put("resourceVersion", current.path("metadata").path("resourceVersion").asText());
      JsonNode body =
          call(
              what,
              () ->
                  api.replaceNamespacedCustomObject(
                          GROUP,
                          VERSION,
                          ns,
                          plural(resource),
                          name,
                          Json.mapper().convertValue(replacement, Map.class))
                      .buildCall(null));
      LOG.info("replaced {}", what);
      return ArgoManifests.fromJson(body, what);
    }
  }

  /** Reads a resource. */
  public Optional<ArgoResource> get(String kind, String name) {
    String what = kind + " " + namespace + "/" + name;
    try {
      JsonNode body =
          call(
              what,
              () ->
                  api.getNamespacedCustomObject(GROUP, VERSION, namespace, plural(kind), name)
                      .buildCall(null));
      return Optional.of(ArgoManifests.fromJson(body, what));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  /** Reads the status of a Workflow. */
  public WorkflowStatus status(String workflowName) {
    String what = "Workflow " + namespace + "/" + workflowName;
    return WorkflowStatus.of(
        call(
            what,
            () ->
                api.getNamespacedCustomObject(GROUP, VERSION, namespace, "workflows", workflowName)
                    .buildCall(null)));
  }

  /** Deletes a resource; returns false when it did not exist. */
  public boolean delete(String kind, String name) {
    String what = kind + " " + namespace + "/" + name;
    try {
      call(
          what,
          () ->
              api.deleteNamespacedCustomObject(GROUP, VERSION, namespace, plural(kind), name)
                  .buildCall(null));
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
    Instant deadline = Instant.now().plus(timeout);
    AtomicReference<WorkflowStatus> last = new AtomicReference<>(status(workflowName));
    int failures = 0;
    while (!last.get().completed()) {
      Duration left = Duration.between(Instant.now(), deadline);
      if (left.isNegative() || left.isZero()) {
        throw new WorkflowTimeoutException(
            "Workflow "
                + namespace
                + "/"
                + workflowName
                + " did not complete within "
                + timeout
                + " (phase "
                + last.get().phase().orElse("unknown")
                + ")",
            workflowName);
      }
      if (failures < 3) {
        String before = last.get().resourceVersion();
        try {
          watchOnce(workflowName, last, left);
          continue;
        } catch (IOException | ApiException | RuntimeException e) {
          if (e instanceof NotFoundException nf) {
            throw nf;
          }
          // A drop after progress is normal (servers end watches); only repeated drops without
          // progress count as failures, after which we poll.
          failures = before.equals(last.get().resourceVersion()) ? failures + 1 : 0;
          LOG.debug(
              "watch of {} dropped ({}); resuming from resourceVersion {}",
              workflowName,
              e.getMessage(),
              last.get().resourceVersion());
          continue;
        }
      }
      sleep(min(pollInterval, left));
      last.set(status(workflowName));
    }
    return last.get();
  }

  private void watchOnce(String name, AtomicReference<WorkflowStatus> last, Duration left)
      throws IOException, ApiException {
    WorkflowStatus from = last.get();
    Call call =
        api.listNamespacedCustomObject(GROUP, VERSION, namespace, "workflows")
            .watch(true)
            .fieldSelector("metadata.name=" + name)
            .resourceVersion(from.resourceVersion().isEmpty() ? null : from.resourceVersion())
            .buildCall(null);
    // The API server ends watches on its own schedule; the call timeout bounds our wait.
    call.timeout().timeout(left.toMillis() + 1000, TimeUnit.MILLISECONDS);
    try (Response r = call.execute()) {
      if (!r.isSuccessful()) {
        throw new IOException("watch returned HTTP " + r.code());
      }
      ResponseBody body = r.body();
      if (body == null) {
        throw new IOException("watch returned no body");
      }
      try (Reader reader = new InputStreamReader(body.byteStream(), StandardCharsets.UTF_8);
          BufferedReader lines = new BufferedReader(reader)) {
        String line;
        while ((line = lines.readLine()) != null) {
          if (line.isBlank()) {
            continue;
          }
          JsonNode event = Json.parse(line, "watch " + name);
          String type = event.path("type").asText();
          if (type.equals("ERROR")) {
            throw new IOException("watch error: " + event.path("object").path("message").asText());
          }
          if (type.equals("DELETED")) {
            throw new NotFoundException(
                "Workflow " + namespace + "/" + name + " was deleted while waiting", name, null);
          }
          last.set(WorkflowStatus.of(event.path("object")));
          if (last.get().completed()) {
            return;
          }
        }
      }
    }
    throw new IOException("watch ended at resourceVersion " + last.get().resourceVersion());
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(Math.max(1, d.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ArgoException("interrupted while waiting for a workflow", e);
    }
  }

  @FunctionalInterface
  private interface CallFactory {
    Call build() throws ApiException;
  }

  private JsonNode call(String what, CallFactory factory) {
    try (Response r = factory.build().execute()) {
      String text = r.body() == null ? "" : r.body().string();
      if (r.isSuccessful()) {
        return text.isBlank() ? Json.object() : Json.parse(text, what);
      }
      String reason = reason(text);
      String msg = "HTTP " + r.code() + " " + reason;
      switch (r.code()) {
        case 409 -> throw new AlreadyExistsException(msg, what, null);
        case 401, 403 -> throw new ForbiddenException(msg, what, r.code(), null);
        case 404 -> throw new NotFoundException(msg, what, null);
        default -> throw new KubernetesApiException(msg, what, r.code(), null);
      }
    } catch (IOException e) {
      throw new KubernetesApiException(
          what + ": cannot reach the API server at " + client.getBasePath() + ": " + e.getMessage(),
          what,
          0,
          e);
    } catch (ApiException e) {
      throw new KubernetesApiException(e.getMessage(), what, e.getCode(), e);
    }
  }

  private static String reason(String body) {
    try {
      JsonNode n = Json.parse(body, "status");
      return n.path("message").asText(n.path("reason").asText(""));
    } catch (RuntimeException e) {
      return body.length() > 200 ? body.substring(0, 200) : body;
    }
  }

  private String ns(ArgoResource r) {
    return r.namespace().orElse(namespace);
  }

  private static String plural(ArgoResource r) {
    return plural(r.kind());
  }

  /** The REST plural of an Argo kind. */
  static String plural(String kind) {
    return switch (kind) {
      case "Workflow" -> "workflows";
      case "WorkflowTemplate" -> "workflowtemplates";
      case "CronWorkflow" -> "cronworkflows";
      case "WorkflowEventBinding" -> "workfloweventbindings";
      case "EventBus" -> "eventbus";
      case "EventSource" -> "eventsources";
      case "Sensor" -> "sensors";
      default -> throw new ArgoException("not an Argo kind this client handles: " + kind);
    };
  }

  @Override
  public String toString() {
    return "ArgoKubernetes{" + description + ", namespace=" + namespace + "}";
  }

  private enum Mode {
    KUBECONFIG,
    IN_CLUSTER,
    TOKEN
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

    /** Builds the client. */
    public ArgoKubernetes build() {
      try {
        ApiClient client;
        String ns = namespace.orElse("default");
        String description;
        switch (mode) {
          case TOKEN -> {
            client =
                new ClientBuilder()
                    .setBasePath(url)
                    .setVerifyingSsl(verifySsl)
                    .setAuthentication(new AccessTokenAuthentication(token.orElseThrow().reveal()))
                    .build();
            description = "url=" + url + ", token=" + token.orElseThrow();
          }
          case IN_CLUSTER -> {
            client = ClientBuilder.cluster().build();
            description = "in-cluster " + client.getBasePath();
          }
          default -> {
            Path file = kubeconfig.orElseGet(Builder::defaultKubeconfig);
            try (Reader r = Files.newBufferedReader(file)) {
              KubeConfig kc = KubeConfig.loadKubeConfig(r);
              kc.setFile(file.toFile());
              client = ClientBuilder.kubeconfig(kc).build();
              if (namespace.isEmpty() && kc.getNamespace() != null) {
                ns = kc.getNamespace();
              }
              description = "kubeconfig " + file + " context " + kc.getCurrentContext();
            }
          }
        }
        return new ArgoKubernetes(client, ns, description, pollInterval);
      } catch (IOException | RuntimeException e) {
        throw new ArgoException(
            "cannot configure the Kubernetes client ("
                + mode.name().toLowerCase(java.util.Locale.ROOT)
                + "): "
                + e.getMessage(),
            e);
      }
    }

    private static Path defaultKubeconfig() {
      String env = System.getenv("KUBECONFIG");
      if (env != null && !env.isBlank()) {
        return Path.of(env.split(java.io.File.pathSeparator)[0]);
      }
      return Path.of(System.getProperty("user.home"), ".kube", "config");
    }
  }
}
