package io.waterbodies.stac.server.internal;

import java.util.Optional;

/**
 * A request the server answers with an error status and a JSON body {@code {"code": ...,
 * "description": ...}}.
 */
public final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final String allow;

  /** Creates an error with a status, a code such as {@code BadRequest}, and a description. */
  public ApiError(int status, String code, String description) {
    this(status, code, description, null);
  }

  private ApiError(int status, String code, String description, String allow) {
    super(description);
    this.status = status;
    this.code = code;
    this.allow = allow;
  }

  /** A 405 Method Not Allowed naming the allowed methods (sent in the {@code Allow} header). */
  public static ApiError methodNotAllowed(String method, String... allowed) {
    String list = String.join(", ", allowed);
    return new ApiError(
        405, "MethodNotAllowed", "method " + method + " not allowed; use " + list, list);
  }

  /** The methods to list in an {@code Allow} header, for a 405. */
  public Optional<String> allow() {
    return Optional.ofNullable(allow);
  }

  /** A 400 Bad Request. */
  public static ApiError badRequest(String description) {
    return new ApiError(400, "BadRequest", description);
  }

  /** A 404 Not Found. */
  public static ApiError notFound(String description) {
    return new ApiError(404, "NotFound", description);
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The error code. */
  public String code() {
    return code;
  }
}
