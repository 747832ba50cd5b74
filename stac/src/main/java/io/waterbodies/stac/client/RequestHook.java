package io.waterbodies.stac.client;

/**
 * Called before every HTTP request the client sends (including paging requests and retries), for
 * example to add an authorization header or sign the request.
 */
@FunctionalInterface
public interface RequestHook {
  /** Adjusts the request; throwing aborts the call with the exception. */
  void beforeSend(StacRequest request);
}
