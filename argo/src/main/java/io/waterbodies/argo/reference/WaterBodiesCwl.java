package io.waterbodies.argo.reference;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.argo.internal.Trees;
import io.waterbodies.argo.manifest.ArgoManifests;
import java.util.Objects;

/**
 * The CWL v1.2 application package of our detection, with the reference app's interface so the
 * Calrissian step's parameters stay: a {@code Workflow} with id {@value
 * ReferenceNames#CWL_WORKFLOW}, inputs {@code stac_items} (string[]: STAC Item URLs or paths),
 * {@code aoi}, {@code epsg}, output {@code stac_catalog} (a Directory holding {@code catalog.json}
 * and one result Item per input with the mask, diagnostics and quicklook as assets), whose one step
 * runs {@code waterbodies detect --item ... --aoi ... --aoi-crs ... --out $(runtime.outdir)} in the
 * {@code waterbodies} image.
 *
 * <pre>{@code
 * String cwl = WaterBodiesCwl.builder().image("registry.example/waterbodies:0.1.0").build().toYaml();
 * }</pre>
 */
public final class WaterBodiesCwl {
  /** The CWL version written. */
  public static final String CWL_VERSION = "v1.2";

  /** The id of the CommandLineTool inside the package. */
  public static final String TOOL_ID = "detect";

  private final Builder b;

  private WaterBodiesCwl(Builder b) {
    this.b = b;
  }

  /** Starts a package running {@link ReferencePipeline#DEFAULT_IMAGE}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The image the CommandLineTool runs in. */
  public String image() {
    return b.image;
  }

  /** The packed document ({@code $graph} with the Workflow and the CommandLineTool). */
  public ObjectNode toJson() {
    ObjectNode doc = Trees.object();
    doc.put("cwlVersion", CWL_VERSION);
    doc.putObject("$namespaces").put("s", "https://schema.org/");
    doc.put("s:softwareVersion", b.version);
    var graph = doc.putArray("$graph");
    graph.add(workflow());
    graph.add(tool());
    return doc;
  }

  /** The packed document as YAML text, as Calrissian and cwltool read it. */
  public String toYaml() {
    return ArgoManifests.toYaml(toJson(), "CWL document " + ReferenceNames.CWL_FILE);
  }

  private ObjectNode workflow() {
    ObjectNode wf = Trees.object();
    wf.put("class", "Workflow");
    wf.put("id", ReferenceNames.CWL_WORKFLOW);
    wf.put("label", "Water bodies detection");
    wf.put(
        "doc",
        "NDWI and Otsu water detection of STAC Items (green and nir bands) inside an area of"
            + " interest, by the waterbodies command; writes a STAC catalog of the result Items.");
    ObjectNode in = wf.putObject("inputs");
    ObjectNode items = in.putObject("stac_items");
    items.put("type", "string[]");
    items.put("label", "STAC Items");
    items.put("doc", "STAC Item URLs or paths; relative asset hrefs resolve against the Item");
    ObjectNode aoi = in.putObject("aoi");
    aoi.put("type", "string");
    aoi.put("label", "area of interest");
    aoi.put("doc", "minx,miny,maxx,maxy in the CRS given by epsg");
    ObjectNode epsg = in.putObject("epsg");
    epsg.put("type", "string");
    epsg.put("label", "EPSG code of aoi");
    epsg.put("default", ReferenceNames.EPSG);
    ObjectNode out = wf.putObject("outputs").putObject("stac_catalog");
    out.put("type", "Directory");
    out.put("outputSource", TOOL_ID + "/stac_catalog");
    ObjectNode step = wf.putObject("steps").putObject(TOOL_ID);
    step.put("run", "#" + TOOL_ID);
    ObjectNode stepIn = step.putObject("in");
    stepIn.put("stac_items", "stac_items");
    stepIn.put("aoi", "aoi");
    stepIn.put("epsg", "epsg");
    step.putArray("out").add("stac_catalog");
    return wf;
  }

  private ObjectNode tool() {
    ObjectNode t = Trees.object();
    t.put("class", "CommandLineTool");
    t.put("id", TOOL_ID);
    ObjectNode req = t.putObject("requirements");
    // Remote COGs are read in place with HTTP range requests.
    req.putObject("NetworkAccess").put("networkAccess", true);
    ObjectNode res = req.putObject("ResourceRequirement");
    res.put("coresMax", b.cores);
    res.put("ramMax", b.ramMb);
    ObjectNode hints = t.putObject("hints");
    hints.putObject("DockerRequirement").put("dockerPull", b.image);
    t.putArray("baseCommand").add("waterbodies").add("detect");
    t.putArray("arguments").add("--out").add("$(runtime.outdir)");
    ObjectNode in = t.putObject("inputs");
    ObjectNode items = in.putObject("stac_items");
    ObjectNode itemsType = items.putObject("type");
    itemsType.put("type", "array");
    itemsType.put("items", "string");
    itemsType.putObject("inputBinding").put("prefix", "--item");
    items.putObject("inputBinding").put("position", 1);
    ObjectNode aoi = in.putObject("aoi");
    aoi.put("type", "string");
    aoi.putObject("inputBinding").put("prefix", "--aoi").put("position", 2);
    ObjectNode epsg = in.putObject("epsg");
    epsg.put("type", "string");
    epsg.putObject("inputBinding").put("prefix", "--aoi-crs").put("position", 3);
    ObjectNode out = t.putObject("outputs").putObject("stac_catalog");
    out.put("type", "Directory");
    out.putObject("outputBinding").put("glob", ".");
    return t;
  }

  /** Builds a {@link WaterBodiesCwl}. */
  public static final class Builder {
    private String image = ReferencePipeline.DEFAULT_IMAGE;
    private String version = ReferencePipeline.DEFAULT_IMAGE_TAG;
    private int cores = 2;
    private int ramMb = 4096;

    Builder() {}

    /** The image the tool runs in ({@code DockerRequirement.dockerPull}). */
    public Builder image(String image) {
      this.image = Objects.requireNonNull(image, "image");
      return this;
    }

    /** The package's {@code s:softwareVersion}. */
    public Builder version(String version) {
      this.version = Objects.requireNonNull(version, "version");
      return this;
    }

    /** The tool's {@code coresMax} and {@code ramMax} (MiB). */
    public Builder resources(int cores, int ramMb) {
      if (cores <= 0 || ramMb <= 0) {
        throw new IllegalArgumentException(
            "cores and RAM must be > 0, got " + cores + " cores, " + ramMb + " MiB");
      }
      this.cores = cores;
      this.ramMb = ramMb;
      return this;
    }

    /** Builds the package. */
    public WaterBodiesCwl build() {
      return new WaterBodiesCwl(this);
    }
  }
}
