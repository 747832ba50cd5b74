package io.waterbodies.stac.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.geo.Bbox;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.json.JsonPointers;
import io.waterbodies.core.time.DatetimeInterval;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The spatial and temporal extent of a {@link Collection}: bounding boxes (the first covers all
 * data) and time intervals (each end may be open).
 */
public final class Extent extends JsonBacked {
  private static final Set<String> KNOWN = Set.of("spatial", "temporal");

  private final List<Interval> intervals;

  private Extent(ObjectNode node, String pointer) {
    super(node, pointer);
    ObjectNode spatial = Shape.object(node.get("spatial"), child("spatial"), "'spatial'");
    String sp = JsonPointers.child(child("spatial"), "bbox");
    JsonNode boxes = spatial.get("bbox");
    if (boxes == null || !boxes.isArray()) {
      throw Shape.error(sp, "'bbox' must be an array of bounding boxes");
    }
    for (int i = 0; i < boxes.size(); i++) {
      Shape.bbox(boxes.get(i), JsonPointers.child(sp, i));
    }
    ObjectNode temporal = Shape.object(node.get("temporal"), child("temporal"), "'temporal'");
    String tp = JsonPointers.child(child("temporal"), "interval");
    JsonNode iv = temporal.get("interval");
    if (iv == null || !iv.isArray()) {
      throw Shape.error(tp, "'interval' must be an array of [start, end] pairs");
    }
    List<Interval> t = new ArrayList<>();
    for (int i = 0; i < iv.size(); i++) {
      String p = JsonPointers.child(tp, i);
      JsonNode pair = iv.get(i);
      if (!pair.isArray() || pair.size() != 2) {
        throw Shape.error(p, "a temporal interval must be an array of 2 date-times or nulls");
      }
      ObjectNode holder = Json.object();
      holder.set("0", pair.get(0));
      holder.set("1", pair.get(1));
      t.add(
          new Interval(
              Shape.optionalTimestamp(holder, "0", p), Shape.optionalTimestamp(holder, "1", p)));
    }
    this.intervals = List.copyOf(t);
  }

  static Extent parse(JsonNode json, String pointer) {
    return new Extent(Shape.object(json, pointer, "'extent'"), pointer);
  }

  /** An extent from its JSON (copied). */
  public static Extent fromJson(JsonNode json) {
    return parse(Shape.object(json, "", "an extent").deepCopy(), "");
  }

  /** An extent of one box and one interval (empty ends are open). */
  public static Extent of(Bbox bbox, Optional<Instant> start, Optional<Instant> end) {
    ObjectNode n = Json.object();
    ArrayNode box = n.putObject("spatial").putArray("bbox").addArray();
    for (double v : bbox.toArray()) {
      box.add(BigDecimal.valueOf(v));
    }
    ArrayNode pair = n.putObject("temporal").putArray("interval").addArray();
    if (start.isPresent()) {
      pair.add(Item.format(start.get()));
    } else {
      pair.addNull();
    }
    if (end.isPresent()) {
      pair.add(Item.format(end.get()));
    } else {
      pair.addNull();
    }
    return parse(n, "");
  }

  @Override
  Set<String> knownFields() {
    return KNOWN;
  }

  /**
   * The spatial bounding boxes; the first covers all the data.
   *
   * @throws io.waterbodies.stac.StacFormatException naming the pointer of a box whose south is
   *     greater than its north or that holds a non-finite number (kept as read, reported here and
   *     by the validator)
   */
  public List<Bbox> bboxes() {
    JsonNode boxes = node.get("spatial").get("bbox");
    String sp = JsonPointers.child(child("spatial"), "bbox");
    List<Bbox> out = new ArrayList<>(boxes.size());
    for (int i = 0; i < boxes.size(); i++) {
      out.add(Shape.toBbox(boxes.get(i), JsonPointers.child(sp, i)));
    }
    return List.copyOf(out);
  }

  /** The temporal intervals; the first covers all the data. */
  public List<Interval> intervals() {
    return intervals;
  }

  /**
   * One temporal interval; an empty end is open.
   *
   * @param start the first instant, empty when open
   * @param end the last instant, empty when open
   */
  public record Interval(Optional<Instant> start, Optional<Instant> end) {
    /** The interval as a core {@link DatetimeInterval} (which rejects one open at both ends). */
    public DatetimeInterval toDatetimeInterval() {
      return DatetimeInterval.between(start, end);
    }
  }
}
