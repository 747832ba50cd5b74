/**
 * What {@code waterbodies demo} runs on: synthetic Sentinel-2-like scenes ({@link
 * io.waterbodies.examples.demo.SyntheticScene}) and the download cache for remote assets.
 */
package io.waterbodies.examples.demo;
