package io.waterbodies.stac.server.internal;

/**
 * A request the server answers with an error status and a JSON body {@code {"code": ...,
 * "description": ...}}.
 */
public final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  /** Creates an error with a status, a code such as {@code BadRequest}, and a description. */
  public ApiError(int status, String code, String description) {
    super(description);
    this.status = status;
    this.code = code;
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
