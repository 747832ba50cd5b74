package io.waterbodies.stac.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import java.time.Instant;

/** Builds small STAC items and collections for tests. */
public final class TestItems {
  private TestItems() {}

  /** A collection with an id. */
  public static ObjectNode collection(String id) {
    ObjectNode c = Json.object();
    c.put("type", "Collection");
    c.put("stac_version", "1.1.0");
    c.put("id", id);
    c.put("description", "test collection " + id);
    c.put("license", "CC-BY-4.0");
    ObjectNode extent = c.putObject("extent");
    extent.putObject("spatial").putArray("bbox").addArray().add(-180).add(-90).add(180).add(90);
    extent
        .putObject("temporal")
        .putArray("interval")
        .addArray()
        .add("2020-01-01T00:00:00Z")
        .addNull();
    c.putArray("links");
    return c;
  }

  /** A point item at (lon, lat) at an instant. */
  public static ObjectNode item(String id, double lon, double lat, Instant t) {
    ObjectNode i = Json.object();
    i.put("type", "Feature");
    i.put("stac_version", "1.1.0");
    i.put("id", id);
    ObjectNode g = i.putObject("geometry");
    g.put("type", "Point");
    g.putArray("coordinates").add(lon).add(lat);
    i.putArray("bbox").add(lon).add(lat).add(lon).add(lat);
    ObjectNode p = i.putObject("properties");
    p.put("datetime", t.toString());
    i.putArray("links");
    i.putObject("assets").putObject("data").put("href", "https://example.com/" + id + ".tif");
    return i;
  }
}
