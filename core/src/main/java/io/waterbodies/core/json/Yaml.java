package io.waterbodies.core.json;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.Objects;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * YAML readers for untrusted input (pipeline files, manifests, sensor specs), configured once: the
 * {@link JsonLimits} bounds (size, nesting, string length), a cap on aliases (no "billion laughs"),
 * and duplicate keys refused, as Kubernetes' own YAML reader does.
 */
public final class Yaml {
  /** Most aliases to collections in one document; real manifests use a handful at most. */
  public static final int MAX_ALIASES = 50;

  private static final ObjectMapper DEFAULT = newMapper(JsonLimits.DEFAULT);

  private Yaml() {}

  /** The shared reader with {@link JsonLimits#DEFAULT}. Thread-safe; do not reconfigure it. */
  public static ObjectMapper mapper() {
    return DEFAULT;
  }

  /** A fresh YAML mapper bounded by {@code limits}. */
  public static ObjectMapper newMapper(JsonLimits limits) {
    Objects.requireNonNull(limits, "limits");
    LoaderOptions loader = new LoaderOptions();
    loader.setMaxAliasesForCollections(MAX_ALIASES);
    loader.setAllowDuplicateKeys(false);
    loader.setNestingDepthLimit(limits.maxNestingDepth());
    loader.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, limits.maxDocumentBytes()));
    YAMLFactory factory =
        YAMLFactory.builder()
            .loaderOptions(loader)
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(limits.maxNestingDepth())
                    .maxStringLength(limits.maxStringLength())
                    .maxDocumentLength(limits.maxDocumentBytes())
                    .build())
            .build();
    return YAMLMapper.builder(factory)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
        .build();
  }
}
