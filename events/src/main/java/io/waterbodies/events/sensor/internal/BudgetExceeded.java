package io.waterbodies.events.sensor.internal;

/**
 * A script's or program's budget used up (Lua instructions, bytes or matching steps; jq values). An
 * {@link Error}, so that the language's own error handling (Lua's {@code pcall}, jq's {@code try})
 * cannot swallow it; the run that threw it turns it into an {@link IllegalArgumentException}.
 */
final class BudgetExceeded extends Error {
  private static final long serialVersionUID = 1L;

  BudgetExceeded(String what) {
    super(what, null, false, false);
  }
}
