package io.waterbodies.stac.client.internal;

import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.stac.client.RequestHook;
import io.waterbodies.stac.client.ResponseHook;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Settings of an {@link HttpTransport}. Header values may be secrets: {@link #toString()} names
 * headers but never prints their values.
 */
public record TransportConfig(
    Duration connectTimeout,
    Duration requestTimeout,
    RetryPolicy retryPolicy,
    long maxResponseBytes,
    Map<String, String> headers,
    List<RequestHook> requestHooks,
    List<ResponseHook> responseHooks,
    String userAgent) {

  /** Copies the collections. */
  public TransportConfig {
    headers = Map.copyOf(headers);
    requestHooks = List.copyOf(requestHooks);
    responseHooks = List.copyOf(responseHooks);
  }

  @Override
  public String toString() {
    return "TransportConfig[connectTimeout="
        + connectTimeout
        + ", requestTimeout="
        + requestTimeout
        + ", retryPolicy="
        + retryPolicy
        + ", maxResponseBytes="
        + maxResponseBytes
        + ", headers="
        + headers.keySet()
        + "]";
  }
}
