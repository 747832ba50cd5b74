package io.waterbodies.events.pipeline;

/** How the detection step splits the water index into water and not water. */
public enum Threshold {
  /** Otsu's method over the finite index values (the reference application's choice). */
  OTSU
}
