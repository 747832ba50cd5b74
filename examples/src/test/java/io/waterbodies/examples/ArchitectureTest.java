package io.waterbodies.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module layering of SYSTEM.md (core <- stac/argo <- detection/events <- examples) and the
 * {@code .internal} rule: a package's internals are used by that package and its sub-packages only,
 * never by another package or module.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  /** Which of our modules each module may use (besides itself). */
  private static final Map<String, List<String>> ALLOWED =
      Map.of(
          "core", List.of(),
          "stac", List.of("core"),
          "argo", List.of("core"),
          "detection", List.of("core", "stac"),
          "events", List.of("core", "stac", "argo"));

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.waterbodies");
  }

  @Test
  void modulesDependOnlyDownwards() {
    ALLOWED.forEach(
        (module, allowed) -> {
          List<String> forbidden =
              List.of("core", "stac", "argo", "detection", "events", "examples").stream()
                  .filter(m -> !m.equals(module) && !allowed.contains(m))
                  .map(m -> "io.waterbodies." + m + "..")
                  .toList();
          noClasses()
              .that()
              .resideInAPackage("io.waterbodies." + module + "..")
              .should()
              .dependOnClassesThat()
              .resideInAnyPackage(forbidden.toArray(String[]::new))
              .because(module + " may use only " + allowed)
              .check(classes);
        });
  }

  @Test
  void internalsStayInsideTheirPackage() {
    noClasses()
        .should(useInternalsOfAnotherPackage())
        .because(
            "a .internal package is used only by its parent package and that package's"
                + " sub-packages; give what others need a public API")
        .check(classes);
  }

  private static ArchCondition<JavaClass> useInternalsOfAnotherPackage() {
    return new ArchCondition<>("use another package's .internal classes") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        for (Dependency d : origin.getDirectDependenciesFromSelf()) {
          String target = d.getTargetClass().getPackageName();
          int at = target.indexOf(".internal");
          if (!target.startsWith("io.waterbodies.") || at < 0) {
            continue;
          }
          String owner = target.substring(0, at);
          String from = origin.getPackageName();
          if (!from.equals(owner) && !from.startsWith(owner + ".")) {
            events.add(SimpleConditionEvent.satisfied(origin, d.getDescription()));
          }
        }
      }
    };
  }
}
