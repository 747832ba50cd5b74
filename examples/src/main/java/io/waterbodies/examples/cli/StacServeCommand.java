package io.waterbodies.examples.cli;

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
 * STAC API, prints its URL and runs until interrupted. Transactions change the served data in
 * memory only; the files are never modified.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve a static STAC catalog directory as a STAC API (search, paging, sort, CQL2, transactions).",
      "Prints the URL, then runs until interrupted (Ctrl-C). Writes stay in memory."
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

  /** Released to stop the server (tests); Ctrl-C interrupts the wait instead. */
  final CountDownLatch stop = new CountDownLatch(1);

  @Override
  public Integer call() throws InterruptedException {
    StaticCatalogStore store = StaticCatalogStore.load(catalog);
    try (StacApiServer server =
        StacApiServer.builder().store(store).host(host).port(port).build().start()) {
      PrintWriter out = spec.commandLine().getOut();
      out.println(server.uri());
      out.flush();
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "stac-serve-shutdown"));
      stop.await();
    }
    return 0;
  }
}
