package io.waterbodies.stac.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.waterbodies.stac.SharedFiles;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ValidatorExamplesTest {
  static final StacValidator VALIDATOR =
      StacValidator.builder().schemas(SharedFiles.stacSchemas()).build();

  static List<Path> examples() {
    return SharedFiles.allExamples();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExampleIsValidInBothLayers(Path file) {
    List<Finding> findings = VALIDATOR.validate(file);
    assertThat(findings.stream().filter(Finding::isError).toList()).isEmpty();
  }
}
