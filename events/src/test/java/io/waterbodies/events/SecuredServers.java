package io.waterbodies.events;

import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisURI;
import io.nats.client.Options;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A password-protected nats-server (JetStream) or redis-server that a test starts on a free
 * loopback port and stops when closed: for the tests that the SDK uses the host's credentials and
 * connections.
 */
public final class SecuredServers implements AutoCloseable {
  /** The user (NATS) name. */
  public static final String USER = "wb";

  /** The password the server requires (fresh per run). */
  public final String password;

  /** The port the server listens on. */
  public final int port;

  private final Process process;
  private final Path dir;

  private SecuredServers(String password, int port, Process process, Path dir) {
    this.password = password;
    this.port = port;
    this.process = process;
    this.dir = dir;
  }

  /** nats-server with JetStream and user {@link #USER} / {@link #password}. */
  public static SecuredServers nats() throws IOException {
    return start("nats-server");
  }

  /** redis-server with {@code requirepass} {@link #password} and no persistence. */
  public static SecuredServers redis() throws IOException {
    return start("redis-server");
  }

  /** jnats options for this NATS server with the user and password (add to them, then build). */
  public Options.Builder natsOptions() {
    return new Options.Builder().server("nats://127.0.0.1:" + port).userInfo(USER, password);
  }

  /** The Lettuce URI of this Redis server with its password (commands time out after 5 s). */
  public RedisURI redisUri() {
    return RedisURI.builder()
        .withHost("127.0.0.1")
        .withPort(port)
        .withPassword(password.toCharArray())
        .withTimeout(Duration.ofSeconds(5))
        .build();
  }

  private static SecuredServers start(String binary) throws IOException {
    int port = freePort();
    Path dir = Files.createTempDirectory("wb-secured-" + binary);
    String password = "pw-" + UUID.randomUUID().toString().substring(0, 12);
    List<String> cmd =
        binary.equals("nats-server")
            ? List.of(
                binary,
                "-js",
                "-a",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "--user",
                USER,
                "--pass",
                password,
                "-sd",
                dir.toString())
            : List.of(
                binary,
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--requirepass",
                password,
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString());
    Process p;
    try {
      p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("server.log").toFile())
              .start();
    } catch (IOException e) {
      return fail(binary + " is not installed; this test starts its own (" + e.getMessage() + ")");
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> isOpen(port) || !p.isAlive());
    if (!p.isAlive()) {
      fail(binary + " did not start: " + Files.readString(dir.resolve("server.log")));
    }
    return new SecuredServers(password, port, p, dir);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static boolean isOpen(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws Exception {
    if (process != null) {
      process.destroy();
      process.waitFor();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
