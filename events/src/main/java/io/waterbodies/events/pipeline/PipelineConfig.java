package io.waterbodies.events.pipeline;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waterbodies.core.json.Yaml;
import io.waterbodies.core.time.Durations;
import io.waterbodies.events.EventsException;
import io.waterbodies.events.bus.EventBusConfig;
import io.waterbodies.stac.StacException;
import io.waterbodies.stac.io.StacReader;
import io.waterbodies.stac.model.Item;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a pipeline definition from a small YAML file, so a pipeline can be described without Java.
 * Everything but the workflow runtime is configurable; every key is optional except {@code source},
 * unknown keys are errors (naming the file and JSON pointer), relative paths are resolved against
 * the file's directory.
 *
 * <pre>{@code
 * source:
 *   stac: https://earth-search.aws.element84.com/v1   # or items: [item1.json, item2.json]
 *   collections: [sentinel-2-l2a]
 * bus: auto                     # auto | servers | in-memory
 * redis: redis://127.0.0.1:6379
 * nats: nats://127.0.0.1:4222
 * eventBus: default             # JetStream stream name and subject prefix
 * stream: STREAM
 * eventSource: redis-source
 * eventName: example
 * sensor: water-bodies-sensor
 * workflowTemplate: water-bodies-detection
 * generateName: water-bodies-detection-
 * aoi: "-121.399,39.834,-120.74,40.472"
 * epsg: "EPSG:4326"
 * jq: ".values.href = [ .values.href ]"
 * threshold: otsu
 * results: {api: http://..., collection: water-bodies}
 * completionStreams: {success: WATERBODIES, failure: WATERBODIESFAILURE}
 * outDir: out
 * since: 2024-06-01T00:00:00Z
 * pollInterval: 2s
 * parallelism: 2
 * cluster: {namespace: eoap, redis: "redis-service:6379"}   # only for manifests()
 * }</pre>
 *
 * <pre>{@code
 * Pipeline p = PipelineConfig.read(Path.of("pipeline.yaml")).workflow(launcher).build();
 * }</pre>
 */
public final class PipelineConfig {
  private static final ObjectMapper YAML = Yaml.mapper();
  private static final Set<String> KEYS =
      Set.of(
          "source",
          "bus",
          "redis",
          "nats",
          "eventBus",
          "stream",
          "eventSource",
          "eventName",
          "sensor",
          "workflowTemplate",
          "generateName",
          "aoi",
          "epsg",
          "jq",
          "threshold",
          "results",
          "completionStreams",
          "outDir",
          "since",
          "pollInterval",
          "parallelism",
          "cluster");

  private final String location;
  private final Path dir;

  private PipelineConfig(Path file) {
    this.location = file.toString();
    Path parent = file.toAbsolutePath().getParent();
    this.dir = parent == null ? Path.of(".") : parent;
  }

  /**
   * A builder holding the file's settings; add the workflow and build.
   *
   * @throws PipelineException naming the file and JSON pointer of what is wrong
   */
  public static Pipeline.Builder read(Path file) {
    JsonNode root;
    try {
      root = YAML.readTree(Files.readString(file));
    } catch (JacksonException e) {
      throw new PipelineException(
          "not valid YAML: " + e.getOriginalMessage(), file.toString(), "", e);
    } catch (IOException e) {
      throw new PipelineException("cannot read the pipeline file", file.toString(), "", e);
    }
    return new PipelineConfig(file).builder(root);
  }

  private Pipeline.Builder builder(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw error("the pipeline file must hold a mapping", "");
    }
    known(root, KEYS, "");
    Pipeline.Builder b = Pipeline.builder();
    b.source(source(root.path("source")));
    text(root, "bus").ifPresent(v -> b.busMode(busMode(v)));
    text(root, "redis").ifPresent(v -> redis(b, v));
    text(root, "nats").ifPresent(b::natsUri);
    text(root, "eventBus").ifPresent(v -> b.bus(EventBusConfig.builder().name(v).build()));
    text(root, "stream").ifPresent(b::stream);
    String es = text(root, "eventSource").orElse("redis-source");
    String en = text(root, "eventName").orElse("example");
    b.eventSource(es, en);
    text(root, "sensor").ifPresent(b::sensorName);
    text(root, "workflowTemplate").ifPresent(b::workflowTemplate);
    text(root, "generateName").ifPresent(b::generateName);
    text(root, "aoi").ifPresent(b::aoi);
    text(root, "epsg").ifPresent(b::epsg);
    text(root, "jq").ifPresent(b::jq);
    text(root, "threshold").ifPresent(v -> b.threshold(threshold(v)));
    if (root.has("results")) {
      JsonNode r = root.get("results");
      known(r, Set.of("api", "collection"), "/results");
      text(r, "api").ifPresent(v -> b.resultsApi(uri(v, "/results/api")));
      text(r, "collection").ifPresent(b::resultCollection);
    }
    if (root.has("completionStreams")) {
      JsonNode c = root.get("completionStreams");
      known(c, Set.of("success", "failure"), "/completionStreams");
      b.completionStreams(
          text(c, "success").orElse("WATERBODIES"),
          text(c, "failure").orElse("WATERBODIESFAILURE"));
    }
    text(root, "outDir").ifPresent(v -> b.outDir(dir.resolve(v)));
    text(root, "since")
        .ifPresent(
            v -> {
              try {
                b.since(Instant.parse(v));
              } catch (DateTimeParseException e) {
                throw error("'" + v + "' is not an RFC 3339 UTC instant", "/since");
              }
            });
    text(root, "pollInterval").ifPresent(v -> b.pollInterval(duration(v, "/pollInterval")));
    if (root.has("parallelism")) {
      JsonNode p = root.get("parallelism");
      if (!p.canConvertToInt() || !p.isIntegralNumber()) {
        throw error("parallelism must be a whole number", "/parallelism");
      }
      b.parallelism(p.asInt());
    }
    if (root.has("cluster")) {
      JsonNode c = root.get("cluster");
      known(c, Set.of("namespace", "redis"), "/cluster");
      String redis = text(c, "redis").orElse("redis-service:6379");
      int colon = redis.lastIndexOf(':');
      int port = -1;
      try {
        port = colon > 0 ? Integer.parseInt(redis.substring(colon + 1)) : -1;
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port < 1 || port > 65535) {
        throw error("'" + redis + "' must be host:port", "/cluster/redis");
      }
      b.cluster(text(c, "namespace").orElse(""), redis.substring(0, colon), port);
    }
    return b;
  }

  private StacSource source(JsonNode s) {
    if (!s.isObject()) {
      throw error("'source' is required: a mapping with 'stac' (a URL) or 'items'", "/source");
    }
    known(s, Set.of("stac", "items", "collections"), "/source");
    List<String> collections = new ArrayList<>();
    for (JsonNode c : s.path("collections")) {
      collections.add(c.asText());
    }
    if (s.has("stac") == s.has("items")) {
      throw error("give exactly one of 'stac' and 'items'", "/source");
    }
    if (s.has("stac")) {
      return StacSource.api(
          uri(s.get("stac").asText(), "/source/stac"), collections.toArray(String[]::new));
    }
    List<Item> items = new ArrayList<>();
    StacReader reader = StacReader.create();
    int i = 0;
    for (JsonNode n : s.get("items")) {
      Path p = dir.resolve(n.asText());
      try {
        items.add(reader.readItem(p));
      } catch (StacException e) {
        throw new PipelineException(e.getMessage(), location, "/source/items/" + i, e);
      }
      i++;
    }
    try {
      return StacSource.embedded(items);
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage(), "/source/items");
    }
  }

  private void known(JsonNode node, Set<String> keys, String ptr) {
    if (!node.isObject()) {
      throw error("expected a mapping", ptr);
    }
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String k = names.next();
      if (!keys.contains(k)) {
        throw error("unknown key '" + k + "'; known: " + keys.stream().sorted().toList(), ptr);
      }
    }
  }

  private java.util.Optional<String> text(JsonNode node, String key) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return java.util.Optional.empty();
    }
    if (!v.isValueNode()) {
      throw error("'" + key + "' must be a single value", "/" + key);
    }
    return java.util.Optional.of(v.asText());
  }

  private BusMode busMode(String v) {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "auto" -> BusMode.AUTO;
      case "servers" -> BusMode.SERVERS;
      case "in-memory", "in_memory", "memory" -> BusMode.IN_MEMORY;
      default -> throw error("bus '" + v + "' must be auto, servers or in-memory", "/bus");
    };
  }

  private Threshold threshold(String v) {
    try {
      return Threshold.valueOf(v.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw error("threshold '" + v + "' is not supported; use otsu", "/threshold");
    }
  }

  private URI uri(String v, String ptr) {
    try {
      URI u = URI.create(v);
      if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
        throw error("'" + v + "' is not an http(s) URL", ptr);
      }
      return u;
    } catch (IllegalArgumentException e) {
      throw error("'" + v + "' is not a URL", ptr);
    }
  }

  private Duration duration(String v, String ptr) {
    try {
      return Durations.parse(v);
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage(), ptr);
    }
  }

  /** The Redis URI is parsed when set: a malformed one is the file's error, at {@code /redis}. */
  private void redis(Pipeline.Builder b, String uri) {
    try {
      b.redisUri(uri);
    } catch (EventsException e) {
      throw error(e.getMessage(), "/redis");
    }
  }

  private PipelineException error(String message, String ptr) {
    return new PipelineException(message, location, ptr, null);
  }
}
