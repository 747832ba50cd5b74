package io.waterbodies.examples.cli;

import io.waterbodies.core.secret.Secret;
import io.waterbodies.stac.server.StacApiServer;
import io.waterbodies.stac.server.StaticCatalogStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code waterbodies stac serve --catalog DIR [--port N]}: serves a static catalog directory as a
 * STAC API, prints its URL and runs until interrupted. Transactions are off unless {@code
 * --write-token} (or the environment variable {@code WATERBODIES_STAC_WRITE_TOKEN}) sets a bearer
 * token that writers must send; they change the served data in memory only.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve a static STAC catalog directory as a STAC API (search, paging, sort, CQL2, transactions).",
      "Prints the URL, then runs until interrupted (Ctrl-C). Transactions are refused (403) unless"
          + " --write-token is given; writes then stay in memory."
    })
final class StacServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--catalog",
      required = true,
      paramLabel = "DIR",
      description = "Directory with catalog.json (or collection.json), or the file itself.")
  Path catalog;

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port = 8080;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host = "127.0.0.1";

  @Option(
      names = "--write-token",
      paramLabel = "TOKEN",
      defaultValue = "${env:WATERBODIES_STAC_WRITE_TOKEN}",
      description =
          "Allow transactions to clients sending 'Authorization: Bearer TOKEN' (default: the"
              + " environment variable WATERBODIES_STAC_WRITE_TOKEN; unset: transactions off).")
  String writeToken;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Worker threads (default: ${DEFAULT-VALUE}).")
  int threads = 16;

  /** Released to stop the server (tests); Ctrl-C interrupts the wait instead. */
  final CountDownLatch stop = new CountDownLatch(1);

  @Override
  public Integer call() throws InterruptedException {
    StaticCatalogStore store = StaticCatalogStore.load(catalog);
    StacApiServer.Builder b = StacApiServer.builder().store(store).host(host).port(port);
    b.threads(threads);
    if (writeToken != null && !writeToken.isBlank()) {
      b.writeToken(Secret.of(writeToken));
    }
    try (StacApiServer server = b.build().start()) {
      PrintWriter out = spec.commandLine().getOut();
      out.println(server.uri());
      out.flush();
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "stac-serve-shutdown"));
      stop.await();
    }
    return 0;
  }
}
