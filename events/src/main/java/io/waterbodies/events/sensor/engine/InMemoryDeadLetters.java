package io.waterbodies.events.sensor.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps the dead letters of an in-memory sensor, in order. */
public final class InMemoryDeadLetters implements DeadLetterSink {
  private final List<DeadLetter> letters = new CopyOnWriteArrayList<>();

  @Override
  public void deadLetter(DeadLetter letter) {
    letters.add(letter);
  }

  /** The dead letters so far. */
  public List<DeadLetter> letters() {
    return List.copyOf(letters);
  }

  /** Their reasons, in order. */
  public List<String> reasons() {
    return letters.stream().map(DeadLetter::reason).toList();
  }
}
