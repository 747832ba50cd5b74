package io.waterbodies.argo.reference;

import io.waterbodies.argo.model.Parameter;
import io.waterbodies.argo.model.Step;
import io.waterbodies.argo.model.Template;
import io.waterbodies.argo.model.WorkflowTemplate;
import java.util.List;

/**
 * The pipeline's Argo Workflows side: the CWL application, its Calrissian step, the runner
 * WorkflowTemplate holding that step and the detection WorkflowTemplate run per event.
 */
final class WorkflowTemplates {
  private WorkflowTemplates() {}

  static WaterBodiesCwl cwl(PipelineSettings s) {
    return WaterBodiesCwl.builder().image(s.image).build();
  }

  /** Runs the CWL package at the configured URL, or else our own embedded one. */
  static CalrissianStep calrissian(PipelineSettings s) {
    return (s.cwlUrl.isPresent()
            ? CalrissianStep.builderForUrl(s.cwlUrl.get())
            : CalrissianStep.builder(cwl(s).toYaml()))
        .entryPoint(s.cwlEntryPoint)
        .maxRam(s.maxRam)
        .maxCores(s.maxCores)
        .version(s.calrissianVersion)
        .serviceAccount(s.workflowAccount)
        .build();
  }

  static WorkflowTemplate cwlRunnerTemplate(PipelineSettings s, CalrissianStep calrissian) {
    WorkflowTemplate.Builder t =
        s.inNamespace(WorkflowTemplate.builder().name(s.cwlRunnerName))
            .entrypoint(calrissian.runnerTemplateName())
            .serviceAccountName(s.workflowAccount)
            .argument(Parameter.builder(CalrissianStep.INPUTS_PARAMETER).value("{}").build());
    calrissian.templates().forEach(t::template);
    calrissian.addVolumeTo(t);
    return t.build();
  }

  static WorkflowTemplate detectionTemplate(PipelineSettings s, CalrissianStep calrissian) {
    WorkflowTemplate.Builder t =
        s.inNamespace(WorkflowTemplate.builder().name(s.detectionTemplateName))
            .entrypoint("main")
            .onExit("exit-handler")
            .serviceAccountName(s.workflowAccount)
            .podGc("OnPodSuccess")
            .argument(Parameter.named("items"))
            .argument("aoi", s.aoi)
            .argument("epsg", s.epsg);
    calrissian.addVolumeTo(t);
    t.template(
        Template.builder("main")
            .stepGroup(
                Step.builder("prepare")
                    .template("prepare")
                    .argument("items", "{{workflow.parameters.items}}")
                    .argument("aoi", "{{workflow.parameters.aoi}}")
                    .argument("epsg", "{{workflow.parameters.epsg}}")
                    .build())
            .stepGroup(
                Step.builder("validate-inputs")
                    .template("validate-inputs")
                    .argument("inputs", "{{steps.prepare.outputs.parameters.inputs}}")
                    .build())
            .stepGroup(
                Step.builder("run-cwl")
                    .templateRef(s.cwlRunnerName, calrissian.runnerTemplateName())
                    .argument(
                        CalrissianStep.INPUTS_PARAMETER,
                        "{{steps.prepare.outputs.parameters.inputs}}")
                    .build())
            .output(
                Parameter.builder("calrissian-output")
                    .valueFromParameter("{{steps.run-cwl.outputs.parameters.results}}")
                    .globalName("calrissian-output")
                    .build())
            .build());
    t.template(
        Template.builder("prepare")
            .input(Parameter.named("items"))
            .input(Parameter.named("aoi"))
            .input(Parameter.named("epsg"))
            .script(s.scriptImage, List.of("python"), PipelineScripts.PREPARE)
            .env("ITEMS", "{{inputs.parameters.items}}")
            .env("AOI", "{{inputs.parameters.aoi}}")
            .env("EPSG", "{{inputs.parameters.epsg}}")
            .output(Parameter.builder("inputs").valueFromPath("/tmp/inputs.json").build())
            .build());
    t.template(
        Template.builder("validate-inputs")
            .input(Parameter.named("inputs"))
            .script(s.scriptImage, List.of("python"), PipelineScripts.VALIDATE)
            .env("INPUTS", "{{inputs.parameters.inputs}}")
            .build());
    t.template(
        Template.builder("exit-handler")
            .stepGroup(Step.builder("publish").template("publish").build())
            .build());
    t.template(
        Template.builder("publish")
            .container(s.image, List.of("waterbodies"), PipelineCommands.publishArgs(s))
            .envFromSecret(ReferencePipeline.STAC_WRITE_TOKEN_ENV, s.stacWriteToken, true)
            .volumeMount(calrissian.volumeClaimName(), CalrissianStep.MOUNT)
            .build());
    return t.build();
  }
}
