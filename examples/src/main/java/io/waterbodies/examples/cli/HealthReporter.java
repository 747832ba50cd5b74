package io.waterbodies.examples.cli;

import io.waterbodies.core.concurrent.DaemonThreads;
import io.waterbodies.core.json.Json;
import io.waterbodies.events.metrics.HealthReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * The health view of a long-running command: prints the {@link HealthReport} on SIGUSR1 ({@code
 * kill -USR1 <pid>}) and, with {@code --health-file F}, rewrites {@code F} with the report as JSON
 * every {@code --health-interval} (atomically: readers never see half a file). A probe or an
 * operator reads the file; its {@code ready} field is false when a component stopped or lost its
 * server, and its {@code at} field stops advancing when the process hangs.
 */
final class HealthReporter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HealthReporter.class);

  /** {@code --health-file} and {@code --health-interval}, as a picocli mixin. */
  static final class Options {
    @Option(
        names = "--health-file",
        paramLabel = "FILE",
        description =
            "Rewrite FILE with the components' health as JSON (ready, connected, lag, last error)"
                + " every --health-interval. The health is also printed on SIGUSR1.")
    Path file;

    @Option(
        names = "--health-interval",
        defaultValue = "10",
        paramLabel = "SECONDS",
        description = "Seconds between rewrites of the health file (default ${DEFAULT-VALUE}).")
    long intervalSeconds;
  }

  private final PrintWriter out;
  private final Supplier<HealthReport> report;
  private final Optional<Path> file;
  private final Thread writer;
  private volatile boolean running = true;

  private HealthReporter(
      PrintWriter out, Supplier<HealthReport> report, Optional<Path> file, Duration interval) {
    this.out = out;
    this.report = report;
    this.file = file;
    this.writer =
        DaemonThreads.newThread(
            "health",
            () -> {
              while (running) {
                write();
                try {
                  Thread.sleep(Math.max(100, interval.toMillis()));
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
  }

  /** Starts printing on SIGUSR1 and, when asked, writing the file. */
  static HealthReporter start(PrintWriter out, Options options, Supplier<HealthReport> report) {
    HealthReporter r =
        new HealthReporter(
            out,
            report,
            Optional.ofNullable(options.file),
            Duration.ofSeconds(Math.max(1, options.intervalSeconds)));
    r.onSignal("USR1", r::print);
    if (r.file.isPresent()) {
      r.writer.start();
    }
    return r;
  }

  private void print() {
    synchronized (out) {
      out.print(report.get().text());
      out.flush();
    }
  }

  private void write() {
    Path f = file.orElseThrow();
    try {
      Path parent = f.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path tmp = Files.createTempFile(parent, f.getFileName().toString(), ".tmp");
      Files.writeString(tmp, Json.write(report.get().toJson(), true), StandardCharsets.UTF_8);
      try {
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot write the health file {}: {}", f, e.getMessage());
    }
  }

  /**
   * Registers a handler through {@code sun.misc.Signal} (by reflection: it is JDK-internal API).
   * Where the JVM has no such class or refuses the signal, the health file still works.
   */
  private void onSignal(String name, Runnable action) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      Object sig = signal.getConstructor(String.class).newInstance(name);
      Object h =
          Proxy.newProxyInstance(
              handler.getClassLoader(),
              new Class<?>[] {handler},
              (proxy, method, args) -> {
                if ("handle".equals(method.getName())) {
                  action.run();
                  return null;
                }
                return method.getName().equals("toString") ? "health on SIG" + name : null;
              });
      signal.getMethod("handle", signal, handler).invoke(null, sig, h);
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      LOG.info(
          "SIG{} cannot print the health here ({}); use --health-file",
          name,
          e.getCause() == null ? e.toString() : e.getCause().toString());
    }
  }

  /** Stops the writer after one last write (the final state, all components stopped). */
  @Override
  public void close() {
    running = false;
    writer.interrupt();
    if (file.isPresent()) {
      try {
        writer.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      write();
    }
  }
}
