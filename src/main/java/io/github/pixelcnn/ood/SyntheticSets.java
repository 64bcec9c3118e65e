package io.github.pixelcnn.ood;

import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.Seeds;
import io.github.pixelcnn.data.ImageDataset;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Out-of-distribution candidate sets that can be made on any machine, without a download, from the
 * in-distribution test images or from nothing: the sets on which scores and their settings are
 * chosen, so that a set the detector has never seen can judge it.
 *
 * <ul>
 *   <li>{@code noise}: every sub-pixel uniform over the levels;
 *   <li>{@code constant}: one random level everywhere;
 *   <li>{@code flip}: the reference images upside down (vertical flip), same pixels, wrong shape;
 *   <li>{@code invert}: the reference images in negative ({@code levels-1-x});
 *   <li>{@code digits}: MNIST-like handwriting stand-ins, the digits 0–9 drawn with the JDK's
 *       fonts, bold or plain, rotated ±15°, light on black, centred like MNIST's.
 * </ul>
 *
 * Each set has as many images as asked, and the same seed gives the same images.
 */
public final class SyntheticSets {
    /** The names, in the order tables list them. */
    public static final List<String> NAMES = List.of("noise", "constant", "flip", "invert", "digits");

    private SyntheticSets() {}

    /** The sets named {@code all} or a comma-separated list of {@link #NAMES}. */
    public static List<String> parse(String spec) {
        if (spec.equals("all")) {
            return NAMES;
        }
        List<String> out = new ArrayList<>();
        for (String s : spec.split(",")) {
            String name = s.strip().toLowerCase(Locale.ROOT);
            if (!NAMES.contains(name)) {
                throw new BadInputException("no synthetic set named '" + s + "'; choose from " + String.join(", ", NAMES)
                        + ", or all");
            }
            out.add(name);
        }
        return out;
    }

    /**
     * Set {@code name} of {@code count} images shaped like {@code reference}, whose images the
     * flip and invert sets transform (its first {@code count}).
     */
    public static ImageDataset make(String name, ImageDataset reference, int levels, int count, long seed) {
        int c = reference.channels();
        int h = reference.height();
        int w = reference.width();
        int n = switch (name) {
            case "flip", "invert" -> Math.min(count, reference.size());
            default -> count;
        };
        int dims = c * h * w;
        byte[] out = new byte[n * dims];
        byte[] in = reference.pixels();
        for (int i = 0; i < n; i++) {
            SplittableRandom random = new SplittableRandom(Seeds.forImage(seed ^ name.hashCode(), i));
            int at = i * dims;
            switch (name) {
                case "noise" -> {
                    for (int k = 0; k < dims; k++) {
                        out[at + k] = (byte) random.nextInt(levels);
                    }
                }
                case "constant" -> Arrays.fill(out, at, at + dims, (byte) random.nextInt(levels));
                case "flip" -> {
                    for (int ch = 0; ch < c; ch++) {
                        for (int y = 0; y < h; y++) {
                            System.arraycopy(in, at + (ch * h + (h - 1 - y)) * w, out, at + (ch * h + y) * w, w);
                        }
                    }
                }
                case "invert" -> {
                    for (int k = 0; k < dims; k++) {
                        out[at + k] = (byte) (levels - 1 - (in[at + k] & 0xff));
                    }
                }
                case "digits" -> digit(random, c, h, w, levels, out, at);
                default -> throw new BadInputException("no synthetic set named " + name);
            }
        }
        return ImageDataset.unlabeled(name, out, n, c, h, w);
    }

    /** One digit drawn into {@code out} at {@code at}, (C, H, W). */
    private static void digit(SplittableRandom random, int c, int h, int w, int levels, byte[] out, int at) {
        String[] families = {Font.SANS_SERIF, Font.SERIF, Font.MONOSPACED};
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, w, h);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            // MNIST: the digit fits a 20x20 box centred in 28x28.
            float size = (float) (h * (0.6 + 0.2 * random.nextDouble()));
            Font font = new Font(families[random.nextInt(families.length)],
                    random.nextBoolean() ? Font.BOLD : Font.PLAIN, 1).deriveFont(size);
            String text = Integer.toString(random.nextInt(10));
            FontRenderContext frc = g.getFontRenderContext();
            GlyphVector glyphs = font.createGlyphVector(frc, text);
            Rectangle2D box = glyphs.getVisualBounds();
            AffineTransform t = new AffineTransform();
            t.translate(w / 2.0 + random.nextDouble() * 2 - 1, h / 2.0 + random.nextDouble() * 2 - 1);
            t.rotate(Math.toRadians(random.nextDouble() * 30 - 15));
            t.translate(-box.getCenterX(), -box.getCenterY());
            g.setTransform(t);
            int ink = 200 + random.nextInt(56);
            g.setColor(new Color(ink, ink, ink));
            g.fill(glyphs.getOutline());
        } finally {
            g.dispose();
        }
        byte[] gray = new byte[h * w];
        image.getRaster().getDataElements(0, 0, w, h, gray);
        for (int ch = 0; ch < c; ch++) {
            for (int p = 0; p < h * w; p++) {
                out[at + ch * h * w + p] = (byte) ((gray[p] & 0xff) * (levels - 1) / 255);
            }
        }
    }
}
