package io.waterbodies.stac.client.internal;

import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.stac.client.RequestHook;
import io.waterbodies.stac.client.ResponseHook;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Settings of an {@link HttpTransport}. Header values may be secrets: {@link #toString()} names
 * headers but never prints their values. {@code credentialHeaders} (lower-case names) are sent only
 * to {@code origin} and to {@code trustedHosts}.
 */
public record TransportConfig(
    Duration connectTimeout,
    Duration requestTimeout,
    RetryPolicy retryPolicy,
    long maxResponseBytes,
    Map<String, String> headers,
    List<RequestHook> requestHooks,
    List<ResponseHook> responseHooks,
    String userAgent,
    URI origin,
    Set<String> credentialHeaders,
    Set<String> trustedHosts) {

  /** Copies the collections. */
  public TransportConfig {
    headers = Map.copyOf(headers);
    credentialHeaders = Set.copyOf(credentialHeaders);
    trustedHosts = Set.copyOf(trustedHosts);
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
        + ", trustedHosts="
        + trustedHosts
        + "]";
  }
}
