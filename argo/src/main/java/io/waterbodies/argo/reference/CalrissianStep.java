package io.waterbodies.argo.reference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.waterbodies.argo.ArgoException;
import io.waterbodies.argo.internal.Trees;
import io.waterbodies.argo.model.Artifact;
import io.waterbodies.argo.model.Parameter;
import io.waterbodies.argo.model.Step;
import io.waterbodies.argo.model.Template;
import io.waterbodies.argo.model.WorkflowSpecs;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds the templates that run a CWL document with <a
 * href="https://github.com/Duke-GCB/calrissian">Calrissian</a> on Argo: a resource template that
 * creates a Kubernetes Job running {@code calrissian} (with {@code --max-ram}, {@code --max-cores},
 * {@code --stdout /calrissian/output.json}, {@code --stderr}, {@code --usage-report}, {@code
 * --tmp-outdir-prefix}, {@code --outdir}, {@code --tool-logs-basepath}, the CWL document and its
 * inputs as positional arguments, env {@code CALRISSIAN_POD_NAME} from {@code metadata.name}, a
 * ReadWriteMany volume at {@code /calrissian}); a container template that collects output.json, the
 * stderr log and the usage report as outputs; and a steps template chaining the two.
 *
 * <p>The CWL document is either a URL Calrissian downloads, or a text passed as the runner's input
 * parameter {@value #CWL_PARAMETER} (its default is the document given to the builder). The inputs
 * JSON is the input parameter {@value #INPUTS_PARAMETER}. Both texts are base64-encoded by an Argo
 * expression when the Job is created, so no quoting in them can break the Job manifest.
 */
public final class CalrissianStep {
  /** The default Calrissian image. */
  public static final String IMAGE = "ghcr.io/duke-gcb/calrissian/calrissian";

  /** The runner template's parameter holding the CWL inputs (JSON text). */
  public static final String INPUTS_PARAMETER = "parameters";

  /** The runner template's parameter holding the CWL document text. */
  public static final String CWL_PARAMETER = "cwl";

  /** Where the shared volume is mounted. */
  public static final String MOUNT = "/calrissian";

  private static final YAMLMapper YAML =
      new YAMLMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .build());

  private final Builder b;

  private CalrissianStep(Builder b) {
    // A copy: changing the builder later must not change this built object.
    this.b = b.copy();
  }

  /** Starts a Calrissian step for a CWL document given as text (YAML or JSON). */
  public static Builder builder(String cwlDocument) {
    return new Builder(cwlDocument, false);
  }

  /** Starts a Calrissian step for a CWL document Calrissian downloads from a URL. */
  public static Builder builderForUrl(String cwlUrl) {
    return new Builder(cwlUrl, true);
  }

  /** Name of the steps template that runs CWL and returns the results. */
  public String runnerTemplateName() {
    return b.name;
  }

  /** Name of the volume claim template the workflow must declare (see {@link #addVolumeTo}). */
  public String volumeClaimName() {
    return b.volumeClaim;
  }

  /** The full calrissian command line, as the Job runs it. */
  public List<String> calrissianArgs() {
    String doc =
        (b.url ? b.cwlDocument : MOUNT + "/workflow.cwl")
            + b.entryPoint.map(e -> "#" + e).orElse("");
    return List.of(
        "--max-ram",
        b.maxRam,
        "--max-cores",
        b.maxCores,
        "--tmp-outdir-prefix",
        MOUNT + "/tmp/",
        "--outdir",
        MOUNT + "/results/",
        "--usage-report",
        MOUNT + "/usage-report.json",
        "--stdout",
        MOUNT + "/output.json",
        "--stderr",
        MOUNT + "/stderr.log",
        "--tool-logs-basepath",
        MOUNT + "/logs",
        doc,
        MOUNT + "/inputs.json");
  }

  /** The three templates: runner (steps), Job (resource), results (container). */
  public List<Template> templates() {
    return List.of(runnerTemplate(), jobTemplate(), resultsTemplate());
  }

  /** Declares the ReadWriteMany volume claim on a Workflow or WorkflowTemplate being built. */
  public <B extends WorkflowSpecs.Builder<B, ?>> B addVolumeTo(B builder) {
    return builder.volumeClaimTemplate(b.volumeClaim, "ReadWriteMany", b.storage);
  }

  /** The steps template: create the Job, then collect its results. */
  public Template runnerTemplate() {
    Template.Builder t =
        Template.builder(b.name)
            .input(Parameter.builder(INPUTS_PARAMETER).defaultValue(b.inputs).build());
    Step.Builder job =
        Step.builder("calrissian")
            .template(b.name + "-job")
            .argument(INPUTS_PARAMETER, "{{inputs.parameters." + INPUTS_PARAMETER + "}}");
    if (!b.url) {
      t.input(Parameter.builder(CWL_PARAMETER).defaultValue(b.cwlDocument).build());
      job.argument(CWL_PARAMETER, "{{inputs.parameters." + CWL_PARAMETER + "}}");
    }
    return t.stepGroup(job.build())
        .stepGroup(Step.builder("results").template(b.name + "-results").build())
        .output(
            Parameter.builder("results")
                .valueFromParameter("{{steps.results.outputs.parameters.results}}")
                .build())
        .output(
            Parameter.builder("log")
                .valueFromParameter("{{steps.results.outputs.parameters.log}}")
                .build())
        .output(
            Parameter.builder("usage-report")
                .valueFromParameter("{{steps.results.outputs.parameters.usage-report}}")
                .build())
        .build();
  }

  /** The resource template creating the Calrissian Job. */
  public Template jobTemplate() {
    Template.Builder t = Template.builder(b.name + "-job").input(Parameter.named(INPUTS_PARAMETER));
    if (!b.url) {
      t.input(Parameter.named(CWL_PARAMETER));
    }
    return t.resource("create", jobManifest())
        .resourceConditions("status.succeeded > 0", "status.failed > 0")
        .resourceOwnedByWorkflow(true)
        .build();
  }

  /**
   * The container template exposing output.json, stderr and the usage report as output parameters
   * (and as artifacts too with {@link Builder#outputArtifacts(boolean)}, which needs an artifact
   * repository).
   */
  public Template resultsTemplate() {
    Template.Builder t =
        Template.builder(b.name + "-results")
            .container(b.resultsImage, List.of("sh", "-c"), List.of("ls -la " + MOUNT))
            .volumeMount(b.volumeClaim, MOUNT)
            .output(Parameter.builder("results").valueFromPath(MOUNT + "/output.json").build())
            .output(Parameter.builder("log").valueFromPath(MOUNT + "/stderr.log").build())
            .output(
                Parameter.builder("usage-report")
                    .valueFromPath(MOUNT + "/usage-report.json")
                    .build());
    if (b.artifacts) {
      t.output(Artifact.atPath("output", MOUNT + "/output.json"))
          .output(Artifact.atPath("stderr", MOUNT + "/stderr.log"))
          .output(Artifact.atPath("usage-report", MOUNT + "/usage-report.json"));
    }
    return t.build();
  }

  /** The Kubernetes Job the resource template creates, as YAML text. */
  public String jobManifest() {
    ObjectNode job = Trees.object();
    job.put("apiVersion", "batch/v1");
    job.put("kind", "Job");
    job.putObject("metadata").put("generateName", b.name + "-");
    ObjectNode spec = job.putObject("spec");
    spec.put("backoffLimit", 0);
    ObjectNode pod = spec.putObject("template").putObject("spec");
    pod.put("serviceAccountName", b.serviceAccount);
    pod.put("restartPolicy", "Never");
    ObjectNode stage = pod.putArray("initContainers").addObject();
    stage.put("name", "stage-inputs");
    stage.put("image", b.resultsImage);
    stage.putArray("command").add("sh").add("-c");
    stage
        .putArray("args")
        .add(
            "mkdir -p "
                + MOUNT
                + "/tmp "
                + MOUNT
                + "/results "
                + MOUNT
                + "/logs && echo \"$CWL_INPUTS\" | base64 -d > "
                + MOUNT
                + "/inputs.json"
                + (b.url
                    ? ""
                    : " && echo \"$CWL_DOCUMENT\" | base64 -d > " + MOUNT + "/workflow.cwl"));
    ArrayNode stageEnv = stage.putArray("env");
    if (!b.url) {
      stageEnv
          .addObject()
          .put("name", "CWL_DOCUMENT")
          .put("value", "{{=sprig.b64enc(inputs.parameters." + CWL_PARAMETER + ")}}");
    }
    stageEnv
        .addObject()
        .put("name", "CWL_INPUTS")
        .put("value", "{{=sprig.b64enc(inputs.parameters." + INPUTS_PARAMETER + ")}}");
    mount(stage);
    ObjectNode main = pod.putArray("containers").addObject();
    main.put("name", "calrissian");
    main.put("image", IMAGE.equals(b.image) ? b.image + ":" + b.version : b.image);
    main.putArray("command").add("calrissian");
    ArrayNode args = main.putArray("args");
    calrissianArgs().forEach(args::add);
    ObjectNode podName = main.putArray("env").addObject();
    podName.put("name", "CALRISSIAN_POD_NAME");
    podName.putObject("valueFrom").putObject("fieldRef").put("fieldPath", "metadata.name");
    mount(main);
    ObjectNode vol = pod.putArray("volumes").addObject();
    vol.put("name", b.volumeClaim);
    vol.putObject("persistentVolumeClaim").put("claimName", "{{workflow.name}}-" + b.volumeClaim);
    try {
      return YAML.writeValueAsString(job);
    } catch (JsonProcessingException e) {
      throw new ArgoException("cannot render the Calrissian Job: " + e.getOriginalMessage(), e);
    }
  }

  private void mount(ObjectNode container) {
    ObjectNode m = container.putArray("volumeMounts").addObject();
    m.put("name", b.volumeClaim);
    m.put("mountPath", MOUNT);
  }

  /** Builds a {@link CalrissianStep}; every name and resource figure can be changed. */
  public static final class Builder implements Cloneable {
    private final String cwlDocument;
    private final boolean url;
    private String inputs = "{}";
    private Optional<String> entryPoint = Optional.empty();
    private String name = "calrissian-runner";
    private String image = IMAGE;
    private String version = "0.18.1";
    private String resultsImage = "docker.io/library/busybox:1.36";
    private String maxRam = "8G";
    private String maxCores = "4";
    private String serviceAccount = "calrissian";
    private String volumeClaim = "calrissian-wdir";
    private String storage = "10Gi";
    private boolean artifacts = false;

    Builder(String cwlDocument, boolean url) {
      this.url = url;
      this.cwlDocument = Objects.requireNonNull(cwlDocument, "cwlDocument");
      if (cwlDocument.isBlank()) {
        throw new IllegalArgumentException("the CWL document is empty");
      }
    }

    /** A field-by-field copy (every field holds an immutable value). */
    private Builder copy() {
      try {
        return (Builder) super.clone();
      } catch (CloneNotSupportedException e) {
        throw new AssertionError(e);
      }
    }

    /** Default CWL inputs (JSON text); callers usually pass them as the template argument. */
    public Builder inputs(String json) {
      this.inputs = Objects.requireNonNull(json, "json");
      return this;
    }

    /** The id of the workflow to run inside a packed CWL document ({@code #id}). */
    public Builder entryPoint(String id) {
      this.entryPoint = Optional.of(id);
      return this;
    }

    /** The runner template's name (the Job and results templates get suffixes). */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Another Calrissian image (used as is) instead of the default one. */
    public Builder image(String image) {
      this.image = Objects.requireNonNull(image, "image");
      return this;
    }

    /** The tag of the default Calrissian image. */
    public Builder version(String tag) {
      this.version = Objects.requireNonNull(tag, "tag");
      return this;
    }

    /** A small image with a shell, for staging inputs and collecting results. */
    public Builder utilityImage(String image) {
      this.resultsImage = Objects.requireNonNull(image, "image");
      return this;
    }

    /** {@code --max-ram}, e.g. {@code 16G}. */
    public Builder maxRam(String ram) {
      this.maxRam = Objects.requireNonNull(ram, "ram");
      return this;
    }

    /** {@code --max-cores}. */
    public Builder maxCores(int cores) {
      if (cores <= 0) {
        throw new IllegalArgumentException("max cores must be > 0, got " + cores);
      }
      this.maxCores = Integer.toString(cores);
      return this;
    }

    /** The service account of the Job (Calrissian creates pods, so it needs that right). */
    public Builder serviceAccount(String account) {
      this.serviceAccount = Objects.requireNonNull(account, "account");
      return this;
    }

    /** The ReadWriteMany volume claim template name and its size. */
    public Builder volume(String claimName, String storage) {
      this.volumeClaim = Objects.requireNonNull(claimName, "claimName");
      this.storage = Objects.requireNonNull(storage, "storage");
      return this;
    }

    /**
     * Also keep output.json, stderr and the usage report as output artifacts (default off: that
     * needs an artifact repository configured in the cluster).
     */
    public Builder outputArtifacts(boolean keep) {
      this.artifacts = keep;
      return this;
    }

    /** Builds the step. */
    public CalrissianStep build() {
      return new CalrissianStep(this);
    }
  }
}
