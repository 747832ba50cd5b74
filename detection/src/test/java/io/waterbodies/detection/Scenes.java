package io.waterbodies.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The test scenes of {@code ../shared/data}, with their figures parsed from its README. */
final class Scenes {
  /** One README row: where the bands are and what the reference gives. */
  record Scene(
      String folder, BandRef green, BandRef nir, double threshold, long water, long valid) {
    @Override
    public String toString() {
      return folder;
    }
  }

  private Scenes() {}

  static Path shared() {
    return Path.of(System.getProperty("waterbodies.shared", "../../shared"));
  }

  static Path data() {
    Path d = shared().resolve("data");
    assertThat(d.resolve("README.md")).as("shared test data (set -Dwaterbodies.shared)").exists();
    return d;
  }

  static List<Scene> all() throws IOException {
    Path data = data();
    List<Scene> out = new ArrayList<>();
    Pattern num = Pattern.compile("-?\\d+(\\.\\d+)?");
    for (String line : Files.readAllLines(data.resolve("README.md"))) {
      if (!line.startsWith("| ") || line.startsWith("| folder")) {
        continue;
      }
      String[] c = line.split("\\|");
      String folder = c[1].trim();
      Path dir = data.resolve(folder);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      String[] gn = c[5].split("/");
      Matcher t = num.matcher(c[6]);
      t.find();
      double threshold = Double.parseDouble(t.group());
      Matcher wv = num.matcher(c[7]);
      wv.find();
      long water = Long.parseLong(wv.group());
      wv.find();
      long valid = Long.parseLong(wv.group());
      out.add(
          new Scene(
              folder, band(dir, gn[0].trim()), band(dir, gn[1].trim()), threshold, water, valid));
    }
    assertThat(out).as("scenes in the data README").hasSizeGreaterThanOrEqualTo(4);
    return out;
  }

  private static BandRef band(Path dir, String spec) throws IOException {
    if (spec.startsWith("band ")) {
      try (Stream<Path> s = Files.list(dir)) {
        Path tif = s.filter(p -> p.toString().endsWith(".tif")).findFirst().orElseThrow();
        return new BandRef(tif, Integer.parseInt(spec.substring(5).trim()));
      }
    }
    return BandRef.of(dir.resolve(spec + ".tif"));
  }
}
