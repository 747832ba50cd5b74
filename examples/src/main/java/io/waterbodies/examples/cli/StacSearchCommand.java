package io.waterbodies.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.json.JsonException;
import io.waterbodies.stac.client.ItemSearch;
import io.waterbodies.stac.client.RequestMethod;
import io.waterbodies.stac.client.SearchResults;
import io.waterbodies.stac.client.StacApiClient;
import io.waterbodies.stac.model.Item;
import java.io.PrintWriter;
import java.net.URI;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code waterbodies stac search URL [...]}: searches a STAC API and prints one item id per line,
 * or the whole ItemCollection with {@code --json}.
 */
@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    description = {
      "Search a STAC API (following paging links) and print one item id per line.",
      "Exit status: 0 ok, 2 bad arguments, 3 the API failed."
    })
final class StacSearchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "URL", description = "The API's landing page.")
  URI url;

  @Option(
      names = "--bbox",
      paramLabel = "W,S,E,N",
      description = "4 or 6 numbers; W > E crosses the antimeridian.")
  String bbox;

  @Option(
      names = "--intersects",
      paramLabel = "GEOJSON",
      description = "A GeoJSON geometry (exclusive with --bbox).")
  String intersects;

  @Option(
      names = "--datetime",
      paramLabel = "INTERVAL",
      description = "Instant, a/b, ../b, a/.. or partial dates such as 2021 or 2021-07.")
  String datetime;

  @Option(names = "--collections", split = ",", paramLabel = "ID", description = "Collection ids.")
  List<String> collections = List.of();

  @Option(names = "--ids", split = ",", paramLabel = "ID", description = "Item ids.")
  List<String> ids = List.of();

  @Option(
      names = "--filter",
      paramLabel = "CQL2",
      description = "A cql2-text filter, or cql2-json when it starts with '{'.")
  String filter;

  @Option(names = "--sortby", split = ",", paramLabel = "[+|-]FIELD", description = "Sort keys.")
  List<String> sortBy = List.of();

  @Option(names = "--limit", paramLabel = "N", description = "Page size to ask for.")
  Integer limit;

  @Option(names = "--max-items", paramLabel = "N", description = "Most items to return in all.")
  Long maxItems;

  @Option(names = "--method", paramLabel = "GET|POST", description = "HTTP method of the search.")
  RequestMethod method;

  @Option(names = "--json", description = "Print the ItemCollection as JSON instead of ids.")
  boolean json;

  @Override
  public Integer call() {
    ItemSearch search = buildSearch();
    try (StacApiClient client = StacApiClient.open(url)) {
      SearchResults results = client.search(search);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(Json.write(results.itemCollection().toJson(), true));
      } else {
        for (Iterator<Item> it = results.items().iterator(); it.hasNext(); ) {
          out.println(it.next().id());
        }
      }
      out.flush();
    }
    return 0;
  }

  private ItemSearch buildSearch() {
    try {
      ItemSearch.Builder b = ItemSearch.builder();
      if (bbox != null) {
        b.bbox(io.waterbodies.core.geo.Bbox.parse(bbox));
      }
      if (intersects != null) {
        b.intersects(intersects);
      }
      if (datetime != null) {
        b.datetime(datetime);
      }
      if (!collections.isEmpty()) {
        b.collections(collections);
      }
      if (!ids.isEmpty()) {
        b.ids(ids);
      }
      if (filter != null) {
        if (filter.trim().startsWith("{")) {
          JsonNode f = Json.parse(filter, "--filter");
          if (!f.isObject()) {
            throw new IllegalArgumentException("--filter: cql2-json must be an object");
          }
          b.filter((ObjectNode) f);
        } else {
          b.filter(filter);
        }
      }
      if (!sortBy.isEmpty()) {
        b.sortBy(sortBy.toArray(String[]::new));
      }
      if (limit != null) {
        b.limit(limit);
      }
      if (maxItems != null) {
        b.maxItems(maxItems);
      }
      if (method != null) {
        b.method(method);
      }
      return b.build();
    } catch (IllegalArgumentException | JsonException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }
}
