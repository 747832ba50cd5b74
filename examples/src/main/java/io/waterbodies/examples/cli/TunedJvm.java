package io.waterbodies.examples.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Runs {@code waterbodies detect} (and {@code bench detect}) in a child JVM started with
 * transparent huge pages and its heap sized up front, because {@code java -jar} cannot carry JVM
 * options.
 *
 * <p>Why: a whole Sentinel-2 tile (10980 x 10980) touches about 850 MB of fresh heap. With 4 KB
 * pages that is some 200,000 page faults, and G1 grows the heap in steps while the index array is
 * filled: 1.4 s of system time on 2 cores. With huge pages and the heap reserved at start it is 0.4
 * s, and {@code detect} on the tile takes 2.5-2.9 s instead of 4.2-4.3 s (see README,
 * "Performance"). The relaunch costs about 0.2 s, so it is done only when the local band files
 * together hold at least {@link #MIN_INPUT_BYTES} ({@code WATERBODIES_TUNED_JVM=always} relaunches
 * whatever the input, {@code false} never). It is also skipped when the kernel offers no
 * transparent huge pages (it would gain nothing), under a debugger or a Java agent (they would
 * attach twice), and for {@code --help}/{@code --version}. The launching JVM's own options are
 * passed on after the tuned ones, so an option the user gave wins.
 */
final class TunedJvm {
  /** Set in the child: when the launching JVM started (epoch milliseconds). */
  static final String CHILD_PROPERTY = "waterbodies.tunedJvm.launchedAt";

  /**
   * Environment variable: {@code false} keeps the command in the launching JVM, {@code always}
   * relaunches whatever the input's size.
   */
  static final String OPT_OUT = "WATERBODIES_TUNED_JVM";

  /** Band files smaller than this together are detected in the launching JVM. */
  static final long MIN_INPUT_BYTES = 64L << 20;

  /** The heap reserved at start for a whole tile: index, mask and strip buffers. */
  static final long INITIAL_HEAP_MB = 1024;

  private static final Set<String> QUICK = Set.of("-h", "--help", "-V", "--version");
  private static final Set<String> OFF = Set.of("false", "0", "no", "off");
  private static final Set<String> ALWAYS = Set.of("always", "true", "1", "yes", "on");
  private static final Set<String> BANDS = Set.of("--green", "--nir");
  private static final List<String> AGENTS =
      List.of("-agentlib", "-agentpath", "-javaagent", "-Xdebug", "-Xrunjdwp");
  private static final Path THP = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

  private TunedJvm() {}

  /**
   * What the decision needs to know about the launching JVM.
   *
   * @param jvmArgs its JVM options ({@code -Xmx4g}, {@code -Dkey=value}, ...)
   * @param java its {@code java} executable
   * @param javaFeature its Java feature release (17, 25, ...), which the child shares
   * @param classPath its class path (the jar under {@code java -jar})
   * @param maxHeapMb its maximum heap, which the child's initial heap must not exceed
   * @param hugePages the kernel's transparent huge page mode ({@code always}, {@code madvise},
   *     {@code never}), empty when unknown
   * @param optOut the value of {@link #OPT_OUT}, if set
   * @param child whether this JVM is already the tuned child
   * @param startedAtMs when it started (epoch milliseconds)
   * @param sizeOf the size in bytes of a local file, 0 when it is not one (a URL, missing)
   */
  record Host(
      List<String> jvmArgs,
      String java,
      int javaFeature,
      String classPath,
      long maxHeapMb,
      String hugePages,
      Optional<String> optOut,
      boolean child,
      long startedAtMs,
      ToLongFunction<String> sizeOf) {

    static Host current() {
      RuntimeMXBean rt = ManagementFactory.getRuntimeMXBean();
      return new Host(
          rt.getInputArguments(),
          javaExecutable(),
          Runtime.version().feature(),
          System.getProperty("java.class.path", ""),
          Runtime.getRuntime().maxMemory() >> 20,
          hugePageMode(),
          Optional.ofNullable(System.getenv(OPT_OUT)),
          System.getProperty(CHILD_PROPERTY) != null,
          rt.getStartTime(),
          TunedJvm::localFileSize);
    }
  }

  /** The {@code java} executable running this JVM, to start another like it. */
  static String javaExecutable() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /**
   * Runs the command line in a tuned child JVM when that pays off.
   *
   * @return the child's exit code, or empty when the command should run in this JVM
   */
  static OptionalInt relaunch(String[] args) {
    if (!detect(args) && !benchDetect(args) || System.getProperty(CHILD_PROPERTY) != null) {
      // Every other command, and the child itself, starts without looking at the JVM (reading
      // its options through JMX costs some 40 ms).
      return OptionalInt.empty();
    }
    Optional<List<String>> cmd = command(args, Host.current());
    if (cmd.isEmpty()) {
      return OptionalInt.empty();
    }
    Process p;
    try {
      p = new ProcessBuilder(cmd.get()).inheritIO().start();
    } catch (IOException | RuntimeException e) {
      return OptionalInt.empty(); // cannot start a JVM: run here, untuned
    }
    // A launcher stopped by a signal stops its child too (it runs its own shutdown hooks).
    Thread stop = new Thread(p::destroy, "waterbodies-tuned-jvm-stop");
    Runtime.getRuntime().addShutdownHook(stop);
    try {
      return OptionalInt.of(p.waitFor());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroy();
      return OptionalInt.of(WaterbodiesCommand.EXIT_ERROR);
    }
  }

  /** The child's command line, or empty when the command should run in the launching JVM. */
  static Optional<List<String>> command(String[] args, Host host) {
    String mode = host.optOut().map(v -> v.trim().toLowerCase(Locale.ROOT)).orElse("");
    if (host.child()
        || OFF.contains(mode)
        || !(detect(args) || benchDetect(args))
        || List.of(args).stream().anyMatch(QUICK::contains)
        || host.jvmArgs().stream().anyMatch(a -> AGENTS.stream().anyMatch(a::startsWith))
        || !(host.hugePages().equals("always") || host.hugePages().equals("madvise"))
        || host.classPath().isBlank()
        || !(ALWAYS.contains(mode)
            || benchDetect(args)
            || inputBytes(args, host.sizeOf()) >= MIN_INPUT_BYTES)) {
      return Optional.empty();
    }
    // Never above half the maximum heap: a user's smaller -Xmx must stay valid.
    long initialMb = Math.min(INITIAL_HEAP_MB, host.maxHeapMb() / 2);
    List<String> cmd = new ArrayList<>();
    cmd.add(host.java());
    cmd.add("-XX:+UseTransparentHugePages");
    if (host.javaFeature() >= 22) {
      // The detector loads its libdeflate glue with System.load; the jar's manifest allows that
      // under java -jar, but the child runs from the class path.
      cmd.add("--enable-native-access=ALL-UNNAMED");
    }
    if (initialMb >= 64) {
      cmd.add("-Xms" + initialMb + "m");
    }
    cmd.addAll(host.jvmArgs());
    cmd.add("-D" + CHILD_PROPERTY + "=" + host.startedAtMs());
    cmd.add("-cp");
    cmd.add(host.classPath());
    cmd.add(WaterbodiesCommand.class.getName());
    cmd.addAll(List.of(args));
    return Optional.of(cmd);
  }

  private static boolean detect(String[] args) {
    return args.length > 0 && args[0].equals("detect");
  }

  /**
   * {@code bench detect} runs in the tuned JVM whatever its input: its in-process figure is meant
   * to be what a host tuned as the README advises gets, not the cost of an untuned heap.
   */
  private static boolean benchDetect(String[] args) {
    return args.length > 1 && args[0].equals("bench") && args[1].equals("detect");
  }

  /** The summed size of the local files named by {@code --green} and {@code --nir}. */
  private static long inputBytes(String[] args, ToLongFunction<String> sizeOf) {
    long sum = 0;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      int eq = a.indexOf('=');
      if (eq > 0 && BANDS.contains(a.substring(0, eq))) {
        sum += sizeOf.applyAsLong(withoutBand(a.substring(eq + 1)));
      } else if (BANDS.contains(a) && i + 1 < args.length) {
        sum += sizeOf.applyAsLong(withoutBand(args[++i]));
      }
    }
    return sum;
  }

  /** {@code scene.tif:2} names band 2 of {@code scene.tif} (see {@code BandRef}). */
  private static String withoutBand(String ref) {
    int colon = ref.lastIndexOf(':');
    return colon > 0 && ref.substring(colon + 1).matches("\\d+") ? ref.substring(0, colon) : ref;
  }

  private static long localFileSize(String ref) {
    try {
      Path p = Path.of(ref);
      return Files.isRegularFile(p) ? Files.size(p) : 0;
    } catch (IOException | RuntimeException e) {
      return 0; // a URL or not a path
    }
  }

  /**
   * In the tuned child: milliseconds from the launching JVM's start to this JVM's start (the cost
   * of the relaunch); empty in a JVM that was not relaunched.
   */
  static OptionalLong launcherMs() {
    String at = System.getProperty(CHILD_PROPERTY);
    if (at == null) {
      return OptionalLong.empty();
    }
    try {
      long launched = Long.parseLong(at);
      return OptionalLong.of(
          Math.max(0, ManagementFactory.getRuntimeMXBean().getStartTime() - launched));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** The bracketed word of the kernel's THP setting, e.g. {@code madvise}; empty when unknown. */
  static String hugePageMode() {
    try {
      String s = Files.readString(THP);
      int open = s.indexOf('[');
      int close = s.indexOf(']', open + 1);
      return open >= 0 && close > open ? s.substring(open + 1, close) : "";
    } catch (IOException | RuntimeException e) {
      return ""; // not Linux, or no sysfs
    }
  }
}
