package io.waterbodies.detection.internal;

import io.waterbodies.detection.DetectionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** The strip read tasks of a detection: timing, buffer slots and their results. */
public final class StripReads {
  private StripReads() {}

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  /**
   * A read task adding its wall time to {@code total} and its thread's CPU time to {@code cpu} (the
   * CPU time tells decoding cost apart from waiting for a core on a busy machine).
   */
  public static java.util.concurrent.Callable<float[]> timed(
      java.util.concurrent.atomic.AtomicLong total,
      java.util.concurrent.atomic.AtomicLong cpu,
      java.util.concurrent.Callable<float[]> read) {
    return () -> {
      long start = System.nanoTime();
      long cpu0 = THREADS.getCurrentThreadCpuTime();
      try {
        return read.call();
      } finally {
        total.addAndGet(System.nanoTime() - start);
        long cpu1 = THREADS.getCurrentThreadCpuTime();
        if (cpu0 >= 0 && cpu1 >= 0) {
          cpu.addAndGet(cpu1 - cpu0);
        }
      }
    };
  }

  /**
   * Slot {@code k} of a strip buffer pair, allocated on first use. A slot is only touched by the
   * one read task filling it; the next task for the slot is submitted after the computing thread
   * took this one's result, so the future orders the accesses.
   */
  public static float[] buffer(float[][] pair, int k, int length) {
    if (pair[k] == null) {
      pair[k] = new float[length];
    }
    return pair[k];
  }

  /** The strip a read task returned; its failure as a {@link DetectionException}. */
  public static float[] get(Future<float[]> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DetectionException("interrupted while reading bands", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof DetectionException de) {
        throw de;
      }
      throw new DetectionException("reading a band failed: " + e.getCause(), e.getCause());
    }
  }
}
