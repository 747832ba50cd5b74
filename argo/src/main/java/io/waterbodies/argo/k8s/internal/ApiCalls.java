package io.waterbodies.argo.k8s.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.argo.k8s.AlreadyExistsException;
import io.waterbodies.argo.k8s.ApiServerUnreachableException;
import io.waterbodies.argo.k8s.ForbiddenException;
import io.waterbodies.argo.k8s.InvalidResourceException;
import io.waterbodies.argo.k8s.KubernetesApiException;
import io.waterbodies.argo.k8s.NotFoundException;
import io.waterbodies.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One REST call to the API server with its answer as JSON, or the typed exception of its status
 * (409, 401/403, 404, 400/422, others; no answer) carrying the server's reason, credentials
 * scrubbed.
 */
public final class ApiCalls {
  /** The content type of JSON bodies. */
  public static final String JSON = "application/json";

  private final ApiServer server;

  /** Calls {@code server}. */
  public ApiCalls(ApiServer server) {
    this.server = server;
  }

  /**
   * Sends the request; {@code what} names the object in messages.
   *
   * @param body the body, null for none
   * @param type its content type, null for none
   * @return the answer's JSON object (an empty object for an empty or non-object answer)
   */
  public ObjectNode request(
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

  /** The object as a request body. */
  public static byte[] bytes(ObjectNode object) {
    return Json.write(object, false).getBytes(StandardCharsets.UTF_8);
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
}
