package io.waterbodies.argo.reference;

/**
 * The Python scripts of the detection template's {@code prepare} and {@code validate-inputs} steps
 * (run with the builder's script image).
 */
final class PipelineScripts {
  /** Turns the {@code ITEMS}, {@code AOI}, {@code EPSG} parameters into the CWL inputs file. */
  static final String PREPARE =
      """
      import json, os
      items = json.loads(os.environ["ITEMS"])
      if isinstance(items, str):
          items = [items]
      inputs = {"stac_items": items, "aoi": os.environ["AOI"], "epsg": os.environ["EPSG"]}
      with open("/tmp/inputs.json", "w") as f:
          json.dump(inputs, f)
      """;

  /** Fails the workflow early on inputs the CWL run would reject later. */
  static final String VALIDATE =
      """
      import json, os, sys
      inputs = json.loads(os.environ["INPUTS"])
      items = inputs.get("stac_items") or []
      if not items or not all(isinstance(i, str) and i.startswith("http") for i in items):
          sys.exit("stac_items must be a non-empty list of http(s) URLs: %r" % (items,))
      bbox = [float(v) for v in inputs["aoi"].split(",")]
      if len(bbox) != 4 or bbox[0] >= bbox[2] or bbox[1] >= bbox[3]:
          sys.exit("aoi must be minx,miny,maxx,maxy: %r" % (inputs["aoi"],))
      if not inputs["epsg"].startswith("EPSG:"):
          sys.exit("epsg must look like EPSG:<code>: %r" % (inputs["epsg"],))
      """;

  private PipelineScripts() {}
}
