package io.waterbodies.stac.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.waterbodies.core.json.JsonPointers;
import io.waterbodies.core.time.DatetimeInterval;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The structural rules of STAC, checked in Java without schemas: required fields and their JSON
 * types, {@code type}, bbox shape, the geometry/bbox and datetime/interval rules, RFC 3339
 * timestamps, link and asset shapes. Collects every problem rather than stopping at the first.
 */
final class StructuralRules {
  private static final List<String> GEOMETRY_TYPES =
      List.of(
          "Point",
          "MultiPoint",
          "LineString",
          "MultiLineString",
          "Polygon",
          "MultiPolygon",
          "GeometryCollection");

  private final List<Finding> out = new ArrayList<>();

  private StructuralRules() {}

  static List<Finding> check(JsonNode doc) {
    StructuralRules r = new StructuralRules();
    r.document(doc, "");
    return List.copyOf(r.out);
  }

  private void error(String pointer, String message) {
    out.add(Finding.error(pointer, message, Finding.Layer.STRUCTURE));
  }

  private static String describe(JsonNode n) {
    return switch (n.getNodeType()) {
      case OBJECT -> "an object";
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> n.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }

  private void document(JsonNode doc, String p) {
    if (!doc.isObject()) {
      error(p, "a STAC document must be a JSON object, found " + describe(doc));
      return;
    }
    JsonNode type = doc.get("type");
    String tp = JsonPointers.child(p, "type");
    if (type == null) {
      error(tp, "required field 'type' is missing");
      return;
    }
    if (!type.isTextual()) {
      error(tp, "'type' must be a string, found " + describe(type));
      return;
    }
    switch (type.textValue()) {
      case "Feature" -> item(doc, p);
      case "Catalog" -> catalog(doc, p, false);
      case "Collection" -> catalog(doc, p, true);
      case "FeatureCollection" -> itemCollection(doc, p);
      default ->
          error(
              tp,
              "unknown type '"
                  + type.textValue()
                  + "' (expected Feature, Catalog, Collection or FeatureCollection)");
    }
  }

  private void common(JsonNode o, String p) {
    requiredString(o, "stac_version", p);
    JsonNode id = requiredString(o, "id", p);
    if (id != null && id.textValue().isEmpty()) {
      error(JsonPointers.child(p, "id"), "'id' must not be empty");
    }
    JsonNode ext = o.get("stac_extensions");
    if (ext != null) {
      String ep = JsonPointers.child(p, "stac_extensions");
      if (!ext.isArray()) {
        error(ep, "'stac_extensions' must be an array of schema URIs, found " + describe(ext));
      } else {
        for (int i = 0; i < ext.size(); i++) {
          if (!ext.get(i).isTextual()) {
            error(JsonPointers.child(ep, i), "extension entries must be URI strings");
          }
        }
      }
    }
    links(o, p, true);
  }

  private void item(JsonNode o, String p) {
    common(o, p);
    JsonNode geometry = o.get("geometry");
    String gp = JsonPointers.child(p, "geometry");
    boolean hasGeometry = false;
    if (geometry == null) {
      error(gp, "required field 'geometry' is missing (use null for no geometry)");
    } else if (geometry.isObject()) {
      hasGeometry = true;
      JsonNode gt = geometry.get("type");
      if (gt == null || !gt.isTextual()) {
        error(JsonPointers.child(gp, "type"), "a GeoJSON geometry needs a string 'type'");
      } else if (!GEOMETRY_TYPES.contains(gt.textValue())) {
        error(
            JsonPointers.child(gp, "type"),
            "'" + gt.textValue() + "' is not a GeoJSON geometry type " + GEOMETRY_TYPES);
      }
    } else if (!geometry.isNull()) {
      error(
          gp, "'geometry' must be a GeoJSON geometry object or null, found " + describe(geometry));
    }
    JsonNode bbox = o.get("bbox");
    String bp = JsonPointers.child(p, "bbox");
    if (bbox == null) {
      if (hasGeometry) {
        error(bp, "'bbox' is required when the geometry is not null");
      }
    } else {
      if (geometry != null && geometry.isNull()) {
        error(bp, "'bbox' must be absent when the geometry is null");
      }
      bbox(bbox, bp);
    }
    JsonNode props = o.get("properties");
    String pp = JsonPointers.child(p, "properties");
    if (props == null) {
      error(pp, "required field 'properties' is missing");
    } else if (!props.isObject()) {
      error(pp, "'properties' must be an object, found " + describe(props));
    } else {
      properties(props, pp, true);
    }
    JsonNode collection = o.get("collection");
    if (collection != null && !collection.isTextual()) {
      error(JsonPointers.child(p, "collection"), "'collection' must be a string (a collection id)");
    }
    assets(o, p, true);
  }

  private void properties(JsonNode props, String pp, boolean item) {
    JsonNode datetime = props.get("datetime");
    String dp = JsonPointers.child(pp, "datetime");
    if (datetime == null) {
      if (item) {
        error(
            dp,
            "required field 'datetime' is missing (use null with start_datetime and end_datetime)");
      }
    } else if (datetime.isNull()) {
      if (props.get("start_datetime") == null || props.get("end_datetime") == null) {
        error(dp, "'datetime' is null, so 'start_datetime' and 'end_datetime' are both required");
      }
    } else {
      timestamp(props, "datetime", pp);
    }
    Optional<Instant> start = timestamp(props, "start_datetime", pp);
    Optional<Instant> end = timestamp(props, "end_datetime", pp);
    timestamp(props, "created", pp);
    timestamp(props, "updated", pp);
    if (start.isPresent() && end.isPresent() && start.get().isAfter(end.get())) {
      error(JsonPointers.child(pp, "end_datetime"), "'end_datetime' is before 'start_datetime'");
    }
    for (String name :
        new String[] {"title", "description", "license", "platform", "constellation", "mission"}) {
      JsonNode v = props.get(name);
      if (v != null && !v.isTextual() && !v.isNull()) {
        error(
            JsonPointers.child(pp, name), "'" + name + "' must be a string, found " + describe(v));
      }
    }
    JsonNode gsd = props.get("gsd");
    if (gsd != null && (!gsd.isNumber() || gsd.doubleValue() <= 0)) {
      error(JsonPointers.child(pp, "gsd"), "'gsd' must be a number greater than 0");
    }
    JsonNode instruments = props.get("instruments");
    if (instruments != null && !instruments.isArray()) {
      error(JsonPointers.child(pp, "instruments"), "'instruments' must be an array of strings");
    }
    providers(props, pp);
  }

  private Optional<Instant> timestamp(JsonNode o, String name, String p) {
    JsonNode v = o.get(name);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    String fp = JsonPointers.child(p, name);
    if (!v.isTextual()) {
      error(fp, "'" + name + "' must be an RFC 3339 date-time string, found " + describe(v));
      return Optional.empty();
    }
    try {
      return Optional.of(DatetimeInterval.Rfc3339.parse(v.textValue()));
    } catch (DateTimeParseException e) {
      error(
          fp,
          "'"
              + name
              + "' is not a valid RFC 3339 date-time: '"
              + v.textValue()
              + "' (expected e.g. 2020-01-01T00:00:00Z)");
      return Optional.empty();
    }
  }

  private void bbox(JsonNode bbox, String bp) {
    if (!bbox.isArray()) {
      error(bp, "'bbox' must be an array of 4 or 6 numbers, found " + describe(bbox));
      return;
    }
    if (bbox.size() != 4 && bbox.size() != 6) {
      error(bp, "'bbox' must have 4 or 6 numbers, found " + bbox.size());
      return;
    }
    boolean numbers = true;
    for (int i = 0; i < bbox.size(); i++) {
      if (!bbox.get(i).isNumber()) {
        error(
            JsonPointers.child(bp, i),
            "bbox values must be numbers, found " + describe(bbox.get(i)));
        numbers = false;
      }
    }
    if (numbers) {
      int n = bbox.size() / 2;
      double south = bbox.get(1).doubleValue();
      double north = bbox.get(n + 1).doubleValue();
      if (south > north) {
        error(bp, "bbox south (" + south + ") is greater than north (" + north + ")");
      }
    }
  }

  private void links(JsonNode o, String p, boolean required) {
    JsonNode links = o.get("links");
    String lp = JsonPointers.child(p, "links");
    if (links == null) {
      if (required) {
        error(lp, "required field 'links' is missing (use [] for none)");
      }
      return;
    }
    if (!links.isArray()) {
      error(lp, "'links' must be an array, found " + describe(links));
      return;
    }
    for (int i = 0; i < links.size(); i++) {
      JsonNode l = links.get(i);
      String ip = JsonPointers.child(lp, i);
      if (!l.isObject()) {
        error(ip, "a link must be an object, found " + describe(l));
        continue;
      }
      requiredString(l, "rel", ip);
      requiredString(l, "href", ip);
      optionalString(l, "type", ip);
      optionalString(l, "title", ip);
      optionalString(l, "method", ip);
      JsonNode headers = l.get("headers");
      if (headers != null && !headers.isObject()) {
        error(JsonPointers.child(ip, "headers"), "'headers' must be an object");
      }
      JsonNode merge = l.get("merge");
      if (merge != null && !merge.isBoolean()) {
        error(JsonPointers.child(ip, "merge"), "'merge' must be a boolean");
      }
    }
  }

  private void assets(JsonNode o, String p, boolean required) {
    JsonNode assets = o.get("assets");
    String ap = JsonPointers.child(p, "assets");
    if (assets == null) {
      if (required) {
        error(ap, "required field 'assets' is missing (use {} for none)");
      }
      return;
    }
    if (!assets.isObject()) {
      error(ap, "'assets' must be an object keyed by asset name, found " + describe(assets));
      return;
    }
    for (Map.Entry<String, JsonNode> e : assets.properties()) {
      String ip = JsonPointers.child(ap, e.getKey());
      JsonNode a = e.getValue();
      if (!a.isObject()) {
        error(ip, "an asset must be an object, found " + describe(a));
        continue;
      }
      requiredString(a, "href", ip);
      optionalString(a, "type", ip);
      optionalString(a, "title", ip);
      JsonNode roles = a.get("roles");
      if (roles != null) {
        if (!roles.isArray()) {
          error(JsonPointers.child(ip, "roles"), "'roles' must be an array of strings");
        } else {
          for (int i = 0; i < roles.size(); i++) {
            if (!roles.get(i).isTextual()) {
              error(
                  JsonPointers.child(JsonPointers.child(ip, "roles"), i), "roles must be strings");
            }
          }
        }
      }
      JsonNode bands = a.get("bands");
      if (bands != null && !bands.isArray()) {
        error(JsonPointers.child(ip, "bands"), "'bands' must be an array of band objects");
      } else if (bands != null) {
        for (int i = 0; i < bands.size(); i++) {
          if (!bands.get(i).isObject()) {
            error(
                JsonPointers.child(JsonPointers.child(ip, "bands"), i), "a band must be an object");
          }
        }
      }
      properties(a, ip, false);
    }
  }

  private void providers(JsonNode o, String p) {
    JsonNode providers = o.get("providers");
    if (providers == null) {
      return;
    }
    String pp = JsonPointers.child(p, "providers");
    if (!providers.isArray()) {
      error(pp, "'providers' must be an array of provider objects");
      return;
    }
    for (int i = 0; i < providers.size(); i++) {
      JsonNode v = providers.get(i);
      if (!v.isObject()) {
        error(JsonPointers.child(pp, i), "a provider must be an object, found " + describe(v));
      } else {
        requiredString(v, "name", JsonPointers.child(pp, i));
      }
    }
  }

  private void catalog(JsonNode o, String p, boolean collection) {
    common(o, p);
    requiredString(o, "description", p);
    optionalString(o, "title", p);
    if (!collection) {
      return;
    }
    requiredString(o, "license", p);
    providers(o, p);
    JsonNode keywords = o.get("keywords");
    if (keywords != null && !keywords.isArray()) {
      error(JsonPointers.child(p, "keywords"), "'keywords' must be an array of strings");
    }
    JsonNode summaries = o.get("summaries");
    if (summaries != null && !summaries.isObject()) {
      error(JsonPointers.child(p, "summaries"), "'summaries' must be an object");
    }
    assets(o, p, false);
    extent(o, p);
  }

  private void extent(JsonNode o, String p) {
    JsonNode extent = o.get("extent");
    String xp = JsonPointers.child(p, "extent");
    if (extent == null) {
      error(xp, "required field 'extent' is missing");
      return;
    }
    if (!extent.isObject()) {
      error(xp, "'extent' must be an object, found " + describe(extent));
      return;
    }
    JsonNode spatial = extent.get("spatial");
    String sp = JsonPointers.child(xp, "spatial");
    if (spatial == null || !spatial.isObject()) {
      error(sp, "'spatial' must be an object with 'bbox'");
    } else {
      JsonNode boxes = spatial.get("bbox");
      String bp = JsonPointers.child(sp, "bbox");
      if (boxes == null || !boxes.isArray() || boxes.isEmpty()) {
        error(bp, "'bbox' must be a non-empty array of bounding boxes");
      } else {
        for (int i = 0; i < boxes.size(); i++) {
          bbox(boxes.get(i), JsonPointers.child(bp, i));
        }
      }
    }
    JsonNode temporal = extent.get("temporal");
    String tp = JsonPointers.child(xp, "temporal");
    if (temporal == null || !temporal.isObject()) {
      error(tp, "'temporal' must be an object with 'interval'");
      return;
    }
    JsonNode intervals = temporal.get("interval");
    String ip = JsonPointers.child(tp, "interval");
    if (intervals == null || !intervals.isArray() || intervals.isEmpty()) {
      error(ip, "'interval' must be a non-empty array of [start, end] pairs");
      return;
    }
    for (int i = 0; i < intervals.size(); i++) {
      JsonNode pair = intervals.get(i);
      String pp = JsonPointers.child(ip, i);
      if (!pair.isArray() || pair.size() != 2) {
        error(pp, "an interval must be an array of 2 date-times or nulls");
        continue;
      }
      for (int k = 0; k < 2; k++) {
        JsonNode v = pair.get(k);
        if (v.isNull()) {
          continue;
        }
        if (!v.isTextual() || !DatetimeInterval.Rfc3339.isValid(v.textValue())) {
          error(
              JsonPointers.child(pp, k),
              "interval ends must be RFC 3339 date-times or null, found " + v);
        }
      }
    }
  }

  private void itemCollection(JsonNode o, String p) {
    JsonNode features = o.get("features");
    String fp = JsonPointers.child(p, "features");
    if (features == null) {
      error(fp, "required field 'features' is missing");
    } else if (!features.isArray()) {
      error(fp, "'features' must be an array of Items, found " + describe(features));
    } else {
      for (int i = 0; i < features.size(); i++) {
        JsonNode f = features.get(i);
        String ip = JsonPointers.child(fp, i);
        if (!f.isObject()) {
          error(ip, "a feature must be an Item object, found " + describe(f));
        } else if (!"Feature".equals(f.path("type").asText())) {
          error(JsonPointers.child(ip, "type"), "a feature's 'type' must be 'Feature'");
        } else {
          item(f, ip);
        }
      }
    }
    for (String count : new String[] {"numberMatched", "numberReturned"}) {
      JsonNode v = o.get(count);
      if (v != null && (!v.isIntegralNumber() || v.longValue() < 0)) {
        error(JsonPointers.child(p, count), "'" + count + "' must be a non-negative integer");
      }
    }
    links(o, p, false);
  }

  private JsonNode requiredString(JsonNode o, String name, String p) {
    JsonNode v = o.get(name);
    String fp = JsonPointers.child(p, name);
    if (v == null) {
      error(fp, "required field '" + name + "' is missing");
      return null;
    }
    if (!v.isTextual()) {
      error(fp, "'" + name + "' must be a string, found " + describe(v));
      return null;
    }
    return v;
  }

  private void optionalString(JsonNode o, String name, String p) {
    JsonNode v = o.get(name);
    if (v != null && !v.isTextual()) {
      error(JsonPointers.child(p, name), "'" + name + "' must be a string, found " + describe(v));
    }
  }
}
