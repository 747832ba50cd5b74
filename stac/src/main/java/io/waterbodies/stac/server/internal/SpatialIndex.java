package io.waterbodies.stac.server.internal;

import io.waterbodies.core.geo.Bbox;
import io.waterbodies.stac.server.StoredItem;
import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * A packed R-tree (JTS {@link STRtree}) over the bounding boxes of an immutable, id-ordered list of
 * items, so that a small-box search reads the few items near it instead of every item. Built once
 * per list snapshot; queries are thread-safe. Boxes crossing the antimeridian are entered as their
 * two halves; results come back in the list's order, each item once.
 */
public final class SpatialIndex {
  private final List<StoredItem> items;
  private final STRtree tree;

  /** Indexes {@code items} (kept as given: an immutable snapshot). */
  public SpatialIndex(List<StoredItem> items) {
    this.items = items;
    this.tree = new STRtree();
    for (int i = 0; i < items.size(); i++) {
      StoredItem it = items.get(i);
      if (it.bbox().isEmpty()) {
        continue;
      }
      Integer position = i;
      for (Envelope e : envelopes(it.bbox().get())) {
        tree.insert(e, position);
      }
    }
    tree.build();
  }

  /** The items whose box overlaps {@code box} (which may cross the antimeridian), in list order. */
  public List<StoredItem> query(Bbox box) {
    List<Integer> hits = new ArrayList<>();
    for (Envelope e : envelopes(box)) {
      tree.query(e, o -> hits.add((Integer) o));
    }
    int[] found = hits.stream().mapToInt(Integer::intValue).sorted().toArray();
    List<StoredItem> out = new ArrayList<>(found.length);
    int last = -1;
    for (int p : found) {
      if (p != last) {
        StoredItem it = items.get(p);
        // The tree's envelopes are closed boxes like the items' own test; the item decides, so
        // that both paths agree exactly.
        if (it.intersects(box)) {
          out.add(it);
        }
        last = p;
      }
    }
    return out;
  }

  private static Envelope[] envelopes(Bbox b) {
    Bbox box = b.to2d();
    if (box.west() > box.east()) {
      return new Envelope[] {
        new Envelope(box.west(), 180, box.south(), box.north()),
        new Envelope(-180, box.east(), box.south(), box.north())
      };
    }
    return new Envelope[] {new Envelope(box.west(), box.east(), box.south(), box.north())};
  }

  /** How many items the index was built over. */
  public int size() {
    return items.size();
  }
}
