package io.waterbodies.detection.internal;

import java.awt.image.BufferedImage;

/** The quicklook of a detection: water blue, nodata black, the index in grey. */
public final class Quicklooks {
  private static final int QUICKLOOK_MAX = 1024;

  private Quicklooks() {}

  /** An image of at most 1024 pixels a side, sampling every f-th pixel. */
  public static BufferedImage render(float[] v, byte[] mask, int w, int h, float min, float max) {
    int f = Math.max(1, (Math.max(w, h) + QUICKLOOK_MAX - 1) / QUICKLOOK_MAX);
    int qw = Math.max(1, w / f);
    int qh = Math.max(1, h / f);
    BufferedImage img = new BufferedImage(qw, qh, BufferedImage.TYPE_INT_RGB);
    // Straight into the image's pixel array: setRGB per pixel converts through the colour model.
    int[] px = ((java.awt.image.DataBufferInt) img.getRaster().getDataBuffer()).getData();
    double scale = max > min ? 200.0 / (max - min) : 0;
    for (int y = 0; y < qh; y++) {
      for (int x = 0; x < qw; x++) {
        int i = (y * f) * w + x * f;
        int m = mask[i] & 0xFF;
        int rgb;
        if (m == 255) {
          rgb = 0;
        } else if (m == 1) {
          rgb = 0x1E64FF;
        } else {
          int g = 30 + (int) ((v[i] - min) * scale);
          rgb = (g << 16) | (g << 8) | g;
        }
        px[y * qw + x] = rgb;
      }
    }
    return img;
  }
}
