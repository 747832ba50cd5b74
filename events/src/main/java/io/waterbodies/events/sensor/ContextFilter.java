package io.waterbodies.events.sensor;

import java.util.Map;

/**
 * Argo's context filter: event context attributes that must match exactly. Keys are CloudEvents
 * attribute names ({@code type}, {@code subject}, {@code source}, {@code datacontenttype}).
 *
 * @param attributes attribute name to required value
 */
public record ContextFilter(Map<String, String> attributes) {
  /** Copies the map. */
  public ContextFilter {
    attributes = Map.copyOf(attributes);
  }
}
