package io.waterbodies.argo.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.waterbodies.argo.TemplateLoopException;
import io.waterbodies.argo.manifest.ArgoManifests;
import io.waterbodies.argo.model.Parameter;
import io.waterbodies.argo.model.RetryStrategy;
import io.waterbodies.argo.model.Step;
import io.waterbodies.argo.model.Template;
import io.waterbodies.argo.model.Workflow;
import io.waterbodies.argo.model.WorkflowTemplate;
import io.waterbodies.argo.runner.internal.Conditions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LocalRunnerTest {
  private static Template leaf(String name, String... inputs) {
    Template.Builder b = Template.builder(name).container("alpine", List.of("true"), List.of());
    for (String i : inputs) {
      b.input(Parameter.named(i));
    }
    return b.build();
  }

  /** main: steps [prepare] -> [dag] ; dag: a -> (b, c) -> d ; exit handler reports status. */
  private static Workflow workflow() {
    return Workflow.builder()
        .name("demo")
        .entrypoint("main")
        .onExit("exit")
        .argument("item", "https://example.com/item.json")
        .template(
            Template.builder("main")
                .stepGroup(
                    Step.builder("prepare")
                        .template("prepare")
                        .argument("item", "{{workflow.parameters.item}}")
                        .build())
                .stepGroup(
                    Step.builder("process")
                        .template("process")
                        .argument("prepared", "{{steps.prepare.outputs.parameters.prepared}}")
                        .build(),
                    Step.builder("never")
                        .template("prepare")
                        .argument("item", "x")
                        .when("{{steps.prepare.outputs.parameters.count}} > 5 && true")
                        .build())
                .output(
                    Parameter.builder("result")
                        .valueFromParameter("{{steps.process.outputs.parameters.result}}")
                        .globalName("result")
                        .build())
                .build())
        .template(
            Template.builder("prepare")
                .input(Parameter.named("item"))
                .container("alpine", List.of("true"), List.of())
                .output(Parameter.builder("prepared").valueFromPath("/tmp/p").build())
                .output(Parameter.builder("count").valueFromPath("/tmp/c").build())
                .build())
        .template(
            Template.builder("process")
                .input(Parameter.named("prepared"))
                .dagTask(
                    Step.builder("a")
                        .template("flaky")
                        .argument("v", "{{inputs.parameters.prepared}}")
                        .build())
                .dagTask(
                    Step.builder("b")
                        .template("work")
                        .argument("v", "{{tasks.a.outputs.parameters.out}}-b")
                        .dependencies("a")
                        .build())
                .dagTask(
                    Step.builder("c")
                        .template("work")
                        .argument("v", "{{tasks.a.outputs.parameters.out}}-c")
                        .dependencies("a")
                        .build())
                .dagTask(
                    Step.builder("d")
                        .template("work")
                        .argument(
                            "v",
                            "{{tasks.b.outputs.parameters.out}}+{{tasks.c.outputs.parameters.out}}")
                        .dependencies("b", "c")
                        .build())
                .output(
                    Parameter.builder("result")
                        .valueFromParameter("{{tasks.d.outputs.parameters.out}}")
                        .build())
                .build())
        .template(
            Template.builder("flaky")
                .input(Parameter.named("v"))
                .container("alpine", List.of("true"), List.of())
                .retryStrategy(RetryStrategy.limit(3).withBackoff("10ms", 2, "1s"))
                .output(Parameter.builder("out").valueFromPath("/tmp/o").build())
                .build())
        .template(
            Template.builder("work")
                .input(Parameter.named("v"))
                .container("alpine", List.of("true"), List.of())
                .output(Parameter.builder("out").valueFromPath("/tmp/o").build())
                .build())
        .template(
            Template.builder("exit")
                .stepGroup(
                    Step.builder("ok")
                        .template("report")
                        .argument("status", "{{workflow.status}}")
                        .argument("result", "{{workflow.outputs.parameters.result}}")
                        .when("{{workflow.status}} == Succeeded")
                        .build(),
                    Step.builder("ko")
                        .template("report")
                        .argument("status", "{{workflow.status}}")
                        .argument("result", "none")
                        .when("{{workflow.status}} != Succeeded")
                        .build())
                .build())
        .template(leaf("report", "status", "result"))
        .build();
  }

  @Test
  void runsStepsAndDagWithRetriesOutputsAndExitHandler() throws Exception {
    AtomicInteger flakyAttempts = new AtomicInteger();
    List<Duration> waits = new CopyOnWriteArrayList<>();
    Map<String, String> reported = new ConcurrentHashMap<>();
    CountDownLatch bothBranches = new CountDownLatch(2);
    LocalRunner runner =
        LocalRunner.builder()
            .sleeper(waits::add)
            .handler(
                "prepare", ctx -> Map.of("prepared", ctx.input("item").toUpperCase(), "count", "3"))
            .handler(
                "flaky",
                ctx -> {
                  if (flakyAttempts.incrementAndGet() < 3) {
                    throw new IllegalStateException("transient " + ctx.attempt());
                  }
                  return Map.of("out", "A(" + ctx.input("v") + ")");
                })
            .handler(
                "work",
                ctx -> {
                  String v = ctx.input("v");
                  if (v.endsWith("-b") || v.endsWith("-c")) {
                    // b and c run in parallel: each waits until the other started.
                    bothBranches.countDown();
                    if (!bothBranches.await(10, TimeUnit.SECONDS)) {
                      throw new IllegalStateException("b and c did not run in parallel");
                    }
                  }
                  return Map.of("out", "W[" + v + "]");
                })
            .handler(
                "report",
                ctx -> {
                  reported.put("status", ctx.input("status"));
                  reported.put("result", ctx.input("result"));
                  return Map.of();
                })
            .build();

    RunResult r = runner.run(workflow(), Map.of());

    assertThat(r.phase()).as(r.toString()).isEqualTo(NodePhase.SUCCEEDED);
    String a = "A(HTTPS://EXAMPLE.COM/ITEM.JSON)";
    String expected = "W[W[" + a + "-b]+W[" + a + "-c]]";
    assertThat(r.outputs()).containsEntry("result", expected);
    assertThat(r.globalOutputs()).containsEntry("result", expected);
    assertThat(flakyAttempts.get()).isEqualTo(3);
    assertThat(r.node("process.a").orElseThrow().attempts()).isEqualTo(3);
    assertThat(waits).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20));
    assertThat(r.node("main.never").orElseThrow().phase()).isEqualTo(NodePhase.SKIPPED);
    assertThat(r.node("onExit.ko").orElseThrow().phase()).isEqualTo(NodePhase.SKIPPED);
    assertThat(reported).containsEntry("status", "Succeeded").containsEntry("result", expected);
    NodeResult d = r.node("process.d").orElseThrow();
    NodeResult b = r.node("process.b").orElseThrow();
    assertThat(d.started()).isAfterOrEqualTo(b.finished());
  }

  @Test
  void aFailureFailsTheRunAndTheExitHandlerSeesIt() {
    Map<String, String> reported = new ConcurrentHashMap<>();
    RunResult r =
        LocalRunner.builder()
            .sleeper(d -> {})
            .handler("prepare", ctx -> Map.of("prepared", "p", "count", "1"))
            .handler(
                "flaky",
                ctx -> {
                  throw new IllegalStateException("always broken");
                })
            .handler("work", ctx -> Map.of("out", "w"))
            .handler(
                "report",
                ctx -> {
                  reported.put("status", ctx.input("status"));
                  return Map.of();
                })
            .build()
            .run(workflow(), Map.of());
    assertThat(r.phase()).isEqualTo(NodePhase.FAILED);
    assertThat(r.node("process.a").orElseThrow().attempts()).isEqualTo(4);
    assertThat(r.node("process.a").orElseThrow().message())
        .hasValueSatisfying(m -> assertThat(m).contains("always broken"));
    assertThat(r.node("process.d").orElseThrow().phase()).isEqualTo(NodePhase.SKIPPED);
    assertThat(reported).containsEntry("status", "Failed");
  }

  @Test
  void templateRefRunsATemplateOfARegisteredWorkflowTemplate() {
    WorkflowTemplate lib =
        WorkflowTemplate.builder()
            .name("lib")
            .entrypoint("hello")
            .template(leaf("hello", "who"))
            .build();
    Workflow wf =
        Workflow.builder()
            .name("uses-lib")
            .entrypoint("main")
            .template(
                Template.builder("main")
                    .stepGroup(
                        Step.builder("call")
                            .templateRef("lib", "hello")
                            .argument("who", "you")
                            .build())
                    .build())
            .build();
    List<String> seen = new CopyOnWriteArrayList<>();
    RunResult r =
        LocalRunner.builder()
            .workflowTemplate(lib)
            .handler(
                "lib/hello",
                ctx -> {
                  seen.add(ctx.input("who"));
                  return Map.of();
                })
            .build()
            .run(wf, Map.of());
    assertThat(r.succeeded()).isTrue();
    assertThat(seen).containsExactly("you");
  }

  @Test
  void containerWithoutHandlerFailsClearlyBeforeRunning() {
    assertThatThrownBy(() -> LocalRunner.builder().build().run(workflow(), Map.of()))
        .isInstanceOf(MissingStepHandlerException.class)
        .hasMessageContaining("container template 'prepare'")
        .hasMessageContaining(".handler(\"prepare\"");
  }

  @Test
  void templateLoopIsATypedError() {
    String yaml =
        """
        apiVersion: argoproj.io/v1alpha1
        kind: WorkflowTemplate
        metadata: {name: loop}
        spec:
          entrypoint: a
          templates:
          - name: a
            steps: [[{name: call-b, template: b}]]
          - name: b
            steps: [[{name: call-a, template: a}]]
        """;
    WorkflowTemplate t = ArgoManifests.read(yaml, "loop.yaml", WorkflowTemplate.class);
    assertThatThrownBy(() -> LocalRunner.builder().build().run(t, Map.of()))
        .isInstanceOf(TemplateLoopException.class)
        .hasMessageContaining("a -> b -> a");
  }

  @Test
  void conditions() {
    assertThat(Conditions.evaluate("Succeeded == Succeeded")).isTrue();
    assertThat(Conditions.evaluate("10 > 9")).isTrue();
    assertThat(Conditions.evaluate("10 > 9.5 && (a != b || false)")).isTrue();
    assertThat(Conditions.evaluate("'x y' == \"x y\"")).isTrue();
    assertThat(Conditions.evaluate("2 < 10")).isTrue();
    assertThat(Conditions.evaluate("!(1 == 1)")).isFalse();
    assertThat(Conditions.evaluate("abc < abd")).isTrue();
    assertThatThrownBy(() -> Conditions.evaluate("(1 == 1"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
