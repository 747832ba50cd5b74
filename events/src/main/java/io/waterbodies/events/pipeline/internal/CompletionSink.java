package io.waterbodies.events.pipeline.internal;

import io.waterbodies.events.pipeline.CompletionEvent;

/** Where completion events go: Redis streams, or a list in memory. */
@FunctionalInterface
public interface CompletionSink {
  /** Emits one event. */
  void emit(CompletionEvent event);
}
