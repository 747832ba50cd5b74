package io.waterbodies.detection.internal;

import io.waterbodies.detection.ArrayDetection;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmark of the detection kernel on in-memory arrays: fused index+statistics, histogram,
 * Otsu and fused mask+count, as {@code WaterDetector} runs them (both cores through the common
 * fork-join pool). Mpx/s = pixels / (seconds per operation) / 1e6. Run on demand, see README.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class NdwiKernelBenchmark {
  @Param("50000000")
  int pixels;

  private float[] green;
  private float[] nir;
  private float[] index;
  private byte[] mask;

  /** Synthetic bands: a quarter water (green above nir), the rest land. */
  @Setup
  public void setUp() {
    green = new float[pixels];
    nir = new float[pixels];
    index = new float[pixels];
    mask = new byte[pixels];
    SplittableRandom rnd = new SplittableRandom(42);
    for (int i = 0; i < pixels; i++) {
      boolean water = rnd.nextInt(4) == 0;
      green[i] = 500 + rnd.nextInt(1500);
      nir[i] = water ? 100 + rnd.nextInt(600) : 1500 + rnd.nextInt(3000);
    }
  }

  /** The whole kernel; returns the water count so nothing is dead code. */
  @Benchmark
  public long kernel() {
    return ArrayDetection.run(green, nir, 0f, true, index, mask).waterPixels();
  }
}
