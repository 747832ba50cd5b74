package io.waterbodies.argo.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.argo.internal.Trees;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An Argo parameter (workflow argument, template input or output): a name with a value, a default,
 * or a {@code valueFrom} source (path, expression, another parameter, JSON path...).
 */
public final class Parameter extends ArgoObject {
  Parameter(ObjectNode node) {
    super(node);
  }

  /** Wraps a parameter object read from a manifest. */
  public static Parameter of(ObjectNode node) {
    return new Parameter(node);
  }

  /** A parameter with a literal value. */
  public static Parameter of(String name, String value) {
    return builder(name).value(value).build();
  }

  /** A parameter with only a name (an input that must be supplied). */
  public static Parameter named(String name) {
    return builder(name).build();
  }

  /** Starts a parameter. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The parameter's name. */
  public String name() {
    return text("name").orElse("");
  }

  /** The literal value. */
  public Optional<String> value() {
    return text("value");
  }

  /** The default used when no value is supplied. */
  public Optional<String> defaultValue() {
    return text("default");
  }

  /** {@code valueFrom.path}: a file the value is read from (outputs). */
  public Optional<String> valueFromPath() {
    return text("valueFrom", "path");
  }

  /** {@code valueFrom.expression}: an expression evaluated by the controller. */
  public Optional<String> valueFromExpression() {
    return text("valueFrom", "expression");
  }

  /** {@code valueFrom.parameter}: a reference to another parameter. */
  public Optional<String> valueFromParameter() {
    return text("valueFrom", "parameter");
  }

  /** A builder initialised with this parameter, unknown fields included. */
  public Builder toBuilder() {
    return new Builder(toJson());
  }

  /** Builds a {@link Parameter}. */
  public static final class Builder {
    private final ObjectNode node;

    Builder(String name) {
      node = Trees.object();
      node.put("name", Objects.requireNonNull(name, "name"));
    }

    Builder(ObjectNode node) {
      this.node = node;
    }

    /** Sets the literal value. */
    public Builder value(String value) {
      node.put("value", value);
      return this;
    }

    /** Sets the default value. */
    public Builder defaultValue(String value) {
      node.put("default", value);
      return this;
    }

    /** Sets the description. */
    public Builder description(String text) {
      node.put("description", text);
      return this;
    }

    /** Restricts the accepted values. */
    public Builder enumValues(List<String> values) {
      var a = node.putArray("enum");
      values.forEach(a::add);
      return this;
    }

    /** Reads the value from a file in the container (output parameters). */
    public Builder valueFromPath(String path) {
      Trees.obj(node, "valueFrom").put("path", path);
      return this;
    }

    /** Computes the value with an expression. */
    public Builder valueFromExpression(String expression) {
      Trees.obj(node, "valueFrom").put("expression", expression);
      return this;
    }

    /** Takes the value of another parameter, e.g. {@code {{steps.a.outputs.parameters.x}}}. */
    public Builder valueFromParameter(String reference) {
      Trees.obj(node, "valueFrom").put("parameter", reference);
      return this;
    }

    /** Output parameters: also export the value as {@code workflow.outputs.parameters.<name>}. */
    public Builder globalName(String name) {
      node.put("globalName", name);
      return this;
    }

    /** Default used when {@code valueFrom} yields nothing. */
    public Builder valueFromDefault(String value) {
      Trees.obj(node, "valueFrom").put("default", value);
      return this;
    }

    /** Builds the parameter. */
    public Parameter build() {
      return new Parameter(node);
    }
  }
}
