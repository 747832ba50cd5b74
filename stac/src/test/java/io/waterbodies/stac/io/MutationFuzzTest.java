package io.waterbodies.stac.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.stac.SharedFiles;
import io.waterbodies.stac.StacException;
import io.waterbodies.stac.ext.BandLookup;
import io.waterbodies.stac.ext.EoExtension;
import io.waterbodies.stac.ext.FileExtension;
import io.waterbodies.stac.ext.ProjectionExtension;
import io.waterbodies.stac.ext.RasterExtension;
import io.waterbodies.stac.model.Asset;
import io.waterbodies.stac.model.CatalogLike;
import io.waterbodies.stac.model.Collection;
import io.waterbodies.stac.model.CommonMetadata;
import io.waterbodies.stac.model.Item;
import io.waterbodies.stac.model.ItemCollection;
import io.waterbodies.stac.model.Link;
import io.waterbodies.stac.model.StacDocument;
import io.waterbodies.stac.validation.StacValidator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random type mutations of every shared example: reading, every typed accessor and both validation
 * layers either succeed or raise a {@link StacException}; nothing else (no Jackson exception, no
 * NullPointerException, no ClassCastException) reaches the caller.
 */
class MutationFuzzTest {
  private static final JsonNodeFactory F = JsonNodeFactory.withExactBigDecimals(true);
  private static final StacValidator VALIDATOR =
      StacValidator.builder().schemas(SharedFiles.stacSchemas()).build();

  @Test
  void mutatedDocumentsNeverLeakUntypedExceptions() {
    Random random = new Random(20261126L);
    int read = 0;
    int rejected = 0;
    for (Path file : SharedFiles.allExamples()) {
      JsonNode original = StacReader.create().readTree(file);
      for (int round = 0; round < 60; round++) {
        JsonNode doc = original.deepCopy();
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
          mutate(doc, random);
        }
        String where = file + " round " + round + ": " + doc;
        try {
          VALIDATOR.validate(doc);
        } catch (RuntimeException e) {
          fail("validator threw on " + where, e);
        }
        StacDocument parsed;
        try {
          parsed = StacReader.toDocument(doc, "fuzz", null);
          read++;
        } catch (StacException e) {
          rejected++;
          continue;
        } catch (RuntimeException e) {
          fail("reader threw " + e + " on " + where, e);
          return;
        }
        exercise(parsed, where);
      }
    }
    assertThat(read).isGreaterThan(100);
    assertThat(rejected).isGreaterThan(100);
  }

  /** Replaces a random node with a value of a random other JSON type. */
  private static void mutate(JsonNode root, Random random) {
    List<JsonNode[]> slots = new ArrayList<>(); // {parent, key-or-index as text node}
    collect(root, slots);
    if (slots.isEmpty()) {
      return;
    }
    JsonNode[] slot = slots.get(random.nextInt(slots.size()));
    JsonNode replacement =
        switch (random.nextInt(7)) {
          case 0 -> F.nullNode();
          case 1 -> F.textNode("2020-13-45");
          case 2 -> F.numberNode(random.nextInt(1000) - 500);
          case 3 -> F.booleanNode(random.nextBoolean());
          case 4 -> F.arrayNode().add(1).add(2).add(3).add(4).add(5);
          case 5 -> F.objectNode().put("x", 1);
          default -> null; // remove
        };
    if (slot[0] instanceof ObjectNode o) {
      if (replacement == null) {
        o.remove(slot[1].asText());
      } else {
        o.set(slot[1].asText(), replacement);
      }
    } else if (slot[0] instanceof ArrayNode a) {
      int i = slot[1].asInt();
      if (replacement == null) {
        a.remove(i);
      } else {
        a.set(i, replacement);
      }
    }
  }

  private static void collect(JsonNode n, List<JsonNode[]> out) {
    if (n instanceof ObjectNode o) {
      for (Map.Entry<String, JsonNode> e : o.properties()) {
        out.add(new JsonNode[] {o, F.textNode(e.getKey())});
        collect(e.getValue(), out);
      }
    } else if (n instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        out.add(new JsonNode[] {a, F.numberNode(i)});
        collect(a.get(i), out);
      }
    }
  }

  private static void exercise(StacDocument doc, String where) {
    List<Runnable> calls = new ArrayList<>();
    calls.add(doc::toJson);
    calls.add(doc::extraFields);
    for (Link l : doc.links()) {
      calls.add(l::rel);
      calls.add(l::href);
      calls.add(l::type);
      calls.add(l::method);
      calls.add(l::headers);
      calls.add(l::body);
      calls.add(l::merge);
    }
    if (doc instanceof Item item) {
      items(item, calls);
    } else if (doc instanceof ItemCollection ic) {
      ic.items().forEach(i -> items(i, calls));
      calls.add(ic::numberMatched);
    } else if (doc instanceof CatalogLike c) {
      calls.add(c::id);
      calls.add(c::title);
      calls.add(c::stacExtensions);
      if (c instanceof Collection col) {
        calls.add(() -> col.extent().bboxes());
        calls.add(() -> col.extent().intervals());
        calls.add(col::providers);
        calls.add(col::keywords);
        calls.add(col::summaries);
        col.assets().values().forEach(a -> asset(a, calls));
      }
    }
    for (Runnable call : calls) {
      try {
        call.run();
      } catch (StacException expected) {
        // a typed error naming the pointer is the contract
      } catch (RuntimeException e) {
        fail("accessor threw " + e + " on " + where, e);
      }
    }
  }

  private static void items(Item item, List<Runnable> calls) {
    calls.add(item::id);
    calls.add(item::stacExtensions);
    calls.add(item::geometry);
    calls.add(item::bbox);
    calls.add(item::collection);
    common(item.properties(), calls);
    calls.add(() -> EoExtension.of(item).cloudCover());
    calls.add(() -> ProjectionExtension.of(item).epsg());
    calls.add(() -> ProjectionExtension.of(item).code());
    calls.add(() -> ProjectionExtension.of(item).shape());
    calls.add(() -> BandLookup.find(item, "green"));
    for (String key : item.assets().keySet()) {
      calls.add(() -> item.assetHref(key));
      asset(item.assets().get(key), calls);
    }
  }

  private static void asset(Asset a, List<Runnable> calls) {
    calls.add(a::href);
    calls.add(a::roles);
    calls.add(a::type);
    calls.add(a::bands);
    common(a, calls);
    calls.add(() -> EoExtension.of(a).bands().forEach(b -> b.commonName()));
    calls.add(() -> RasterExtension.of(a).bands().forEach(b -> b.scale()));
    calls.add(() -> ProjectionExtension.of(a).transform());
    calls.add(() -> ProjectionExtension.of(a).bbox());
    calls.add(() -> FileExtension.of(a).size());
    calls.add(() -> FileExtension.of(a).checksum());
  }

  private static void common(CommonMetadata m, List<Runnable> calls) {
    calls.add(m::title);
    calls.add(m::description);
    calls.add(m::datetime);
    calls.add(m::startDatetime);
    calls.add(m::endDatetime);
    calls.add(m::created);
    calls.add(m::updated);
    calls.add(m::license);
    calls.add(m::providers);
    calls.add(m::platform);
    calls.add(m::instruments);
    calls.add(m::constellation);
    calls.add(m::gsd);
  }
}
