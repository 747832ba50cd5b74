package io.waterbodies.stac.client;

/** The language of a CQL2 filter (the filter extension's {@code filter-lang}). */
public enum FilterLang {
  /** CQL2 text, e.g. {@code eo:cloud_cover < 10}. */
  CQL2_TEXT("cql2-text"),
  /** CQL2 JSON, e.g. {@code {"op":"<","args":[{"property":"eo:cloud_cover"},10]}}. */
  CQL2_JSON("cql2-json");

  private final String wireName;

  FilterLang(String wireName) {
    this.wireName = wireName;
  }

  /** The value of the {@code filter-lang} parameter. */
  public String wireName() {
    return wireName;
  }
}
