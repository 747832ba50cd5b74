package io.waterbodies.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.waterbodies.core.WaterbodiesException;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.secret.Redaction;
import io.waterbodies.core.secret.Secret;
import io.waterbodies.events.pipeline.CompletionEvent;
import io.waterbodies.events.pipeline.ResultPublisher;
import io.waterbodies.stac.catalog.StaticCatalog;
import io.waterbodies.stac.client.StacApiClient;
import io.waterbodies.stac.model.Asset;
import io.waterbodies.stac.model.Item;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code waterbodies publish}: the last step of a cluster workflow (its exit handler). When the
 * workflow succeeded, POSTs the result Items of its catalog to the STAC API with the embedded
 * pipeline's {@link ResultPublisher} (an Item that exists already is replaced, so a retried step
 * publishes once); then XADDs the completion event with the fields the embedded run writes ({@link
 * CompletionEvent#fields()}) to the success or the failure stream. {@code href} is the result
 * Item's URL in the STAC API (the input Item's URL when there is no result).
 */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description = {
      "Publish a workflow's results: POST the result Items of its STAC catalog to a STAC API"
          + " (when the workflow succeeded) and XADD its completion event to Redis.",
      "Exit code 1 when the results could not be published (the event then says Error)."
    })
final class PublishCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--cwl-output",
      paramLabel = "FILE",
      description = "The CWL run's output JSON (Calrissian's --stdout) naming stac_catalog.")
  Path cwlOutput;

  @Option(
      names = "--catalog",
      paramLabel = "DIR|catalog.json",
      description = "The result catalog (instead of --cwl-output).")
  Path catalog;

  @Option(
      names = "--items",
      required = true,
      paramLabel = "JSON|URL",
      description = "The workflow's items parameter: a JSON array of Item URLs, or one URL.")
  String items;

  @Option(names = "--workflow-status", required = true, description = "Succeeded, Failed or Error.")
  String status;

  @Option(names = "--workflow-id", required = true, description = "The workflow's uid.")
  String workflowId;

  @Option(names = "--workflow-name", required = true, description = "The workflow's name.")
  String workflowName;

  @Option(
      names = "--stac-api",
      required = true,
      paramLabel = "URL",
      description = "STAC API with the transactions extension.")
  URI stacApi;

  @Option(
      names = "--stac-token",
      paramLabel = "TOKEN",
      defaultValue = "${env:WATERBODIES_STAC_WRITE_TOKEN}",
      description =
          "Bearer token for the STAC API's transactions (default: the environment variable"
              + " WATERBODIES_STAC_WRITE_TOKEN; a Kubernetes Secret in the cluster).")
  String stacToken;

  @Option(
      names = "--collection",
      defaultValue = "water-bodies",
      description =
          "Collection of the result Items (created when missing; default ${DEFAULT-VALUE}).")
  String collection;

  @CommandLine.Mixin ConnectionOptions.Redis redis;

  @Option(
      names = "--success-stream",
      defaultValue = "WATERBODIES",
      description = "Default ${DEFAULT-VALUE}.")
  String successStream;

  @Option(
      names = "--failure-stream",
      defaultValue = "WATERBODIESFAILURE",
      description = "Default ${DEFAULT-VALUE}.")
  String failureStream;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<String> inputs = inputItems();
    String subject = inputs.isEmpty() ? "" : inputs.get(0);
    String outcome = status;
    String href = subject;
    String catalogPath = "";
    int exit = 0;
    if (CompletionEvent.SUCCEEDED.equals(status)) {
      try {
        Path root = catalogFile();
        List<String> urls = publish(root);
        href = urls.isEmpty() ? subject : urls.get(0);
        catalogPath = root.toString();
        urls.forEach(u -> out.println("published " + u));
      } catch (WaterbodiesException | IllegalArgumentException e) {
        outcome = CompletionEvent.ERROR;
        exit = 1;
        spec.commandLine()
            .getErr()
            .println("publishing the result items failed: " + Redaction.redact(e.getMessage()));
      }
    }
    CompletionEvent event =
        new CompletionEvent(subject, workflowId, workflowName, outcome, href, catalogPath);
    String stream = event.succeeded() ? successStream : failureStream;
    xadd(stream, event.fields());
    out.println("XADD " + stream + " " + event.workflowStatus() + " " + event.href());
    out.flush();
    return exit;
  }

  private List<String> inputItems() {
    String v = items.trim();
    if (!v.startsWith("[")) {
      return v.isEmpty() ? List.of() : List.of(v);
    }
    List<String> hrefs = new ArrayList<>();
    try {
      for (JsonNode n : Json.parse(v, "--items")) {
        hrefs.add(n.asText());
      }
    } catch (WaterbodiesException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--items is neither a URL nor a JSON array: " + e.getMessage());
    }
    return hrefs;
  }

  /** The catalog.json to publish: given, or the stac_catalog Directory of the CWL output. */
  private Path catalogFile() {
    Path p = catalog;
    if (p == null) {
      if (cwlOutput == null) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "give --cwl-output or --catalog");
      }
      JsonNode output;
      try {
        output = Json.parse(Files.readString(cwlOutput), cwlOutput.toString());
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read " + cwlOutput + ": " + e.getMessage(), e);
      }
      JsonNode dir = output.path("stac_catalog");
      String path = dir.path("path").asText("");
      if (path.isEmpty() && dir.path("location").asText("").startsWith("file:")) {
        path = Path.of(URI.create(dir.path("location").asText())).toString();
      }
      if (path.isEmpty()) {
        throw new IllegalArgumentException(
            cwlOutput + " has no stac_catalog Directory (path or file: location)");
      }
      p = Path.of(path);
    }
    return Files.isDirectory(p) ? p.resolve("catalog.json") : p;
  }

  /** POSTs every Item of the catalog; returns their URLs in the API. */
  private List<String> publish(Path root) {
    List<Item> results;
    try (var s = StaticCatalog.open(root).allItems()) {
      results = s.toList();
    }
    if (results.isEmpty()) {
      throw new IllegalArgumentException("the result catalog " + root + " holds no Item");
    }
    StacApiClient.Builder api = StacApiClient.builder(stacApi);
    if (stacToken != null && !stacToken.isBlank()) {
      api.header("Authorization", Secret.of("Bearer " + stacToken));
    }
    try (StacApiClient client = api.build()) {
      ResultPublisher publisher = new ResultPublisher(client, collection).replacingExisting();
      publisher.ensureCollection();
      publisher.publish(results.stream().map(PublishCommand::forApi).toList());
      return results.stream().map(i -> publisher.itemUrl(i.id()).toString()).toList();
    }
  }

  /**
   * The Item as the API stores it: asset hrefs absolute (the catalog's are relative to it), the
   * catalog's own links dropped (the API links the Item into its collection).
   */
  private static Item forApi(Item item) {
    Item.Builder b = item.toBuilder().links(List.of());
    for (Map.Entry<String, Asset> e : item.assets().entrySet()) {
      String href = item.assetHref(e.getKey()).map(URI::toString).orElse(e.getValue().href());
      b.asset(e.getKey(), e.getValue().toBuilder().href(href).build());
    }
    return b.build();
  }

  private void xadd(String stream, Map<String, String> fields) {
    RedisClient client = RedisClient.create(redis.uri);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      c.sync().xadd(stream, fields);
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
