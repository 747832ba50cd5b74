package io.waterbodies.events.it;

import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Private nats-server and redis-server processes on free loopback ports, started by a test and
 * never the shared 6379/4222 ones: kill -9, SIGSTOP/SIGCONT and restart them at will.
 */
final class LocalServers {
  private LocalServers() {}

  static String binary(String name) {
    for (String dir :
        ("/usr/sbin" + File.pathSeparator + "/usr/bin" + File.pathSeparator)
            .concat(System.getenv().getOrDefault("PATH", ""))
            .split(File.pathSeparator)) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, name);
      if (!dir.isEmpty() && Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return fail(
        name + " is not installed (apt-get install " + name + "); this test starts its own");
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static void awaitPort(int port, boolean open) {
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> isOpen(port) == open);
  }

  static boolean isOpen(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Sends a POSIX signal (STOP, CONT, KILL) to a process. */
  static void signal(Process p, String sig) throws Exception {
    int rc = new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).start().waitFor();
    if (rc != 0) {
      fail("kill -" + sig + " " + p.pid() + " failed with " + rc);
    }
  }

  /** One server process that can be killed and started again with the same arguments. */
  abstract static class Server implements AutoCloseable {
    final int port;
    final Path dir;
    Process process;

    Server(int port, Path dir) {
      this.port = port;
      this.dir = dir;
    }

    abstract List<String> command();

    Server start() throws IOException {
      Files.createDirectories(dir);
      process =
          new ProcessBuilder(command())
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()))
              .start();
      awaitPort(port, true);
      return this;
    }

    void kill9() throws Exception {
      process.destroyForcibly().waitFor();
      awaitPort(port, false);
    }

    @Override
    public void close() throws Exception {
      if (process != null && process.isAlive()) {
        signal(
            process, "CONT"); // a stopped process ignores SIGKILL until continued on some kernels
        process.destroyForcibly().waitFor();
      }
    }
  }

  /** A nats-server with JetStream; optionally a member of a cluster, or with a user/password. */
  static final class Nats extends Server {
    final int clusterPort;
    final List<Integer> routes;
    final String name;
    String user;
    String password;

    Nats(Path dir) throws IOException {
      this(dir, "n", 0, List.of());
    }

    Nats(Path dir, String name, int clusterPort, List<Integer> routes) throws IOException {
      super(freePort(), dir);
      this.name = name;
      this.clusterPort = clusterPort;
      this.routes = routes;
    }

    Nats auth(String user, String password) {
      this.user = user;
      this.password = password;
      return this;
    }

    String uri() {
      return "nats://127.0.0.1:" + port;
    }

    @Override
    List<String> command() {
      List<String> c = new ArrayList<>();
      c.addAll(
          List.of(
              binary("nats-server"),
              "-js",
              "-a",
              "127.0.0.1",
              "-p",
              Integer.toString(port),
              "-sd",
              dir.resolve("store").toString(),
              "-n",
              name));
      if (user != null) {
        c.addAll(List.of("--user", user, "--pass", password));
      }
      if (clusterPort > 0) {
        StringBuilder r = new StringBuilder();
        for (int p : routes) {
          if (p != clusterPort) {
            r.append(r.length() == 0 ? "" : ",").append("nats://127.0.0.1:").append(p);
          }
        }
        c.addAll(
            List.of(
                "--cluster_name",
                "wbt",
                "--cluster",
                "nats://127.0.0.1:" + clusterPort,
                "--routes",
                r.toString()));
      }
      return c;
    }
  }

  /** A redis-server, optionally with a password and AOF persistence. */
  static final class Redis extends Server {
    String password;
    boolean appendOnly;

    Redis(Path dir) throws IOException {
      super(freePort(), dir);
    }

    Redis password(String v) {
      this.password = v;
      return this;
    }

    Redis appendOnly(boolean v) {
      this.appendOnly = v;
      return this;
    }

    String uri() {
      return "redis://127.0.0.1:" + port;
    }

    @Override
    List<String> command() {
      List<String> c = new ArrayList<>();
      c.addAll(
          List.of(
              binary("redis-server"),
              "--port",
              Integer.toString(port),
              "--bind",
              "127.0.0.1",
              "--dir",
              dir.toString(),
              "--save",
              "",
              "--appendonly",
              appendOnly ? "yes" : "no",
              "--appendfsync",
              "always"));
      if (password != null) {
        c.addAll(List.of("--requirepass", password));
      }
      return c;
    }
  }
}
