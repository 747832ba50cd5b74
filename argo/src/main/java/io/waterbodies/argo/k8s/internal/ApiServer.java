package io.waterbodies.argo.k8s.internal;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.Pair;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import io.kubernetes.client.util.credentials.AccessTokenAuthentication;
import io.waterbodies.argo.k8s.KubeconfigException;
import io.waterbodies.core.secret.Redaction;
import io.waterbodies.core.secret.Secret;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Call;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The only class that touches {@code io.kubernetes:client-java}: builds the {@link ApiClient} from
 * a kubeconfig, the in-cluster service account or a URL and token, and sends raw REST requests. The
 * public {@code ArgoKubernetes} (through {@link ApiCalls}) maps statuses to exceptions, so that it
 * loads without client-java and can say which artifact is missing.
 */
public final class ApiServer {
  private static final String[] AUTH = {"BearerToken"};
  // Credential fields of a kubeconfig (user entries, auth-provider config, exec env values).
  private static final Pattern SECRET_FIELD =
      Pattern.compile(
          "(?im)^\\s*-?\\s*(?:token|password|client-key-data|client-certificate-data|id-token"
              + "|refresh-token|access-token|client-secret|value)\\s*:\\s*[\"']?([^\\s\"']{4,})");

  private final ApiClient client;
  private final String description;
  private final Optional<String> namespace;
  private final Set<String> secrets;

  /** A raw answer: HTTP status and body text. */
  public record Reply(int status, String body) {}

  /** Receives the lines of a watch; returns true to stop watching. */
  @FunctionalInterface
  public interface LineHandler {
    /** Handles one line; true ends the watch. */
    boolean line(String line) throws IOException;
  }

  private ApiServer(
      ApiClient client, String description, Optional<String> namespace, Set<String> secrets) {
    this.client = client;
    this.description = description;
    this.namespace = namespace;
    this.secrets = secrets;
  }

  /** An explicit URL and bearer token. */
  public static ApiServer token(String url, Secret token, boolean verifySsl) {
    ApiClient c =
        new ClientBuilder()
            .setBasePath(url)
            .setVerifyingSsl(verifySsl)
            .setAuthentication(new AccessTokenAuthentication(token.reveal()))
            .build();
    return new ApiServer(c, "url=" + url + ", token=" + token, Optional.empty(), Set.of());
  }

  /** The pod's service account. */
  public static ApiServer inCluster() {
    try {
      ApiClient c = ClientBuilder.cluster().build();
      return new ApiServer(c, "in-cluster " + c.getBasePath(), Optional.empty(), Set.of());
    } catch (IOException | RuntimeException e) {
      throw new KubeconfigException(
          "cannot use the in-cluster service account ("
              + Redaction.redact(String.valueOf(e.getMessage()))
              + ")",
          "in-cluster configuration",
          null);
    }
  }

  /** The current context of a kubeconfig file. */
  public static ApiServer kubeconfig(Path file) {
    String where = "kubeconfig " + file;
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new KubeconfigException("the kubeconfig file does not exist", where, null);
    } catch (IOException | RuntimeException e) {
      throw new KubeconfigException(
          "cannot read the kubeconfig file (" + e.getClass().getSimpleName() + ")", where, null);
    }
    Set<String> secrets = secretsIn(text);
    try (Reader r = new StringReader(text)) {
      KubeConfig kc = KubeConfig.loadKubeConfig(r);
      if (kc == null || kc.getCurrentContext() == null) {
        throw new KubeconfigException("the kubeconfig names no current-context", where, null);
      }
      kc.setFile(file.toFile());
      ApiClient c = ClientBuilder.kubeconfig(kc).build();
      return new ApiServer(
          c,
          "kubeconfig " + file + " context " + kc.getCurrentContext(),
          Optional.ofNullable(kc.getNamespace()),
          secrets);
    } catch (KubeconfigException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // Parser messages quote the offending lines, which may hold a token or key: scrub them.
      throw new KubeconfigException(
          "cannot use the kubeconfig: "
              + scrub(e.getClass().getSimpleName() + ": " + e.getMessage(), secrets),
          where,
          null);
    }
  }

  private static Set<String> secretsIn(String text) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = SECRET_FIELD.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static String scrub(String message, Set<String> secrets) {
    String s = String.valueOf(message);
    for (String secret : secrets) {
      s = s.replace(secret, "****");
    }
    return Redaction.redact(s);
  }

  /** Removes every credential of the configuration from a text (for messages). */
  public String scrub(String message) {
    return scrub(message, secrets);
  }

  /** The API server's base URL. */
  public String basePath() {
    return client.getBasePath();
  }

  /** A description without credentials, for {@code toString()}. */
  public String description() {
    return description;
  }

  /** The namespace of the kubeconfig's current context, if it names one. */
  public Optional<String> namespace() {
    return namespace;
  }

  /**
   * Sends one request.
   *
   * @param query name-value pairs in order
   * @param body the JSON body, or null
   * @throws IOException when the server cannot be reached
   */
  public Reply send(
      String method, String path, List<String[]> query, byte[] body, String contentType)
      throws IOException {
    try (Response r = call(method, path, query, body, contentType).execute()) {
      ResponseBody b = r.body();
      return new Reply(r.code(), b == null ? "" : b.string());
    }
  }

  /**
   * Streams a watch, line by line, until the handler returns true, the server ends the stream or
   * {@code timeout} passes.
   *
   * @return the HTTP status (200 when the stream ended normally or the handler stopped it)
   */
  public int watch(String path, List<String[]> query, Duration timeout, LineHandler handler)
      throws IOException {
    Call call = call("GET", path, query, null, null);
    // The API server ends watches on its own schedule; the call timeout bounds our wait.
    call.timeout().timeout(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    try (Response r = call.execute()) {
      if (!r.isSuccessful()) {
        return r.code();
      }
      ResponseBody body = r.body();
      if (body == null) {
        throw new IOException("watch returned no body");
      }
      try (Reader reader = new InputStreamReader(body.byteStream(), StandardCharsets.UTF_8);
          BufferedReader lines = new BufferedReader(reader)) {
        String line;
        while ((line = lines.readLine()) != null) {
          if (!line.isBlank() && handler.line(line)) {
            return r.code();
          }
        }
      }
      return r.code();
    }
  }

  private Call call(
      String method, String path, List<String[]> query, byte[] body, String contentType)
      throws IOException {
    List<Pair> pairs = new ArrayList<>();
    for (String[] q : query) {
      pairs.add(new Pair(q[0], q[1]));
    }
    Map<String, String> headers = new HashMap<>();
    headers.put("Accept", "application/json");
    if (contentType != null) {
      headers.put("Content-Type", contentType);
    }
    try {
      return client.buildCall(
          null,
          path,
          method,
          pairs,
          new ArrayList<>(),
          body,
          headers,
          new HashMap<>(),
          new HashMap<>(),
          AUTH,
          null);
    } catch (ApiException e) {
      throw new IOException("cannot build the request: " + scrub(e.getMessage()), e);
    }
  }
}
