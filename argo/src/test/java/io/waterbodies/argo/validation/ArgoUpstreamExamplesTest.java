package io.waterbodies.argo.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Argo's own example manifests ({@code ../shared/examples/argo-upstream}): every file Argo accepts
 * validates without errors; every file its README lists as wrong is reported for that reason.
 */
class ArgoUpstreamExamplesTest {
  static final Path ROOT = ArgoValidatorTest.SHARED.resolve("examples/argo-upstream");
  static ArgoValidator validator;

  @BeforeAll
  static void load() {
    validator =
        ArgoValidator.create(ArgoSchemas.load(ArgoValidatorTest.SHARED.resolve("schemas/argo")));
  }

  /** The README's table: file -> what is wrong (the first `code` span names the culprit). */
  static Map<String, String> knownBad() throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    Pattern row = Pattern.compile("^\\| ([^|]+\\.ya?ml) \\| (.+) \\|$");
    for (String line : Files.readAllLines(ROOT.resolve("README.md"))) {
      Matcher m = row.matcher(line.trim());
      if (m.matches()) {
        out.put(m.group(1).trim(), m.group(2).trim());
      }
    }
    return out;
  }

  static Stream<String> files() throws IOException {
    try (Stream<Path> s = Files.walk(ROOT)) {
      return s
          .filter(Files::isRegularFile)
          .map(p -> ROOT.relativize(p).toString().replace('\\', '/'))
          .filter(p -> p.endsWith(".yaml") || p.endsWith(".yml") || p.endsWith(".json"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @Test
  void theReadmeTableIsReadAndTheFolderIsComplete() throws IOException {
    assertThat(knownBad()).hasSize(7).containsKey("workflows/k8s-patch-json-workflow.yaml");
    assertThat(files()).hasSizeGreaterThan(300).containsAll(knownBad().keySet());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void behavesAsTheReadmeSays(String file) throws IOException {
    ValidationReport report = validator.validateFiles(List.of(ROOT.resolve(file)));
    List<ManifestFinding> errors =
        report.findings().stream().filter(ManifestFinding::isError).toList();
    String reason = knownBad().get(file);
    if (reason == null) {
      assertThat(errors).as(file).isEmpty();
      assertThat(report.resourceCount() + report.files().get(0).notes().size()).isPositive();
      return;
    }
    Matcher code = Pattern.compile("`([^`]+)`").matcher(reason);
    assertThat(code.find()).as(reason).isTrue();
    String culprit = code.group(1).substring(code.group(1).lastIndexOf('.') + 1);
    assertThat(errors)
        .as(file + ": " + reason)
        .anySatisfy(e -> assertThat(e.pointer() + " " + e.message()).contains(culprit));
    if (reason.contains("duplicate YAML key")) {
      assertThat(errors).anySatisfy(e -> assertThat(e.message()).contains("duplicate key"));
    }
  }

  @Test
  void validatedTogetherOnlyTheKnownBadFilesHaveErrors() throws IOException {
    // Cross-resource checks (sensor -> EventSource events, templateRef -> WorkflowTemplate) must
    // not raise false alarms when a whole folder is validated at once, names shared or not.
    List<Path> all = files().map(ROOT::resolve).toList();
    ValidationReport report = validator.validateFiles(all);
    List<String> withErrors =
        report.files().stream()
            .filter(f -> f.findings().stream().anyMatch(ManifestFinding::isError))
            .map(f -> ROOT.relativize(f.file()).toString().replace('\\', '/'))
            .toList();
    assertThat(withErrors).containsExactlyInAnyOrderElementsOf(knownBad().keySet());
    assertThat(report.summary()).startsWith(all.size() + " files, ");
  }
}
