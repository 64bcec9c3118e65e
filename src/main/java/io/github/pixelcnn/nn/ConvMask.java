package io.github.pixelcnn.nn;

/**
 * The autoregressive mask of a convolution kernel, in the raster and R→G→B order of the paper.
 *
 * <p>A kernel has an anchor tap, the one that sits on the output's own position. Taps in rows
 * above the anchor, and to its left in the anchor's row, see pixels that come earlier in raster
 * order and stay. Taps below or to the right see the future and are zeroed. At the anchor itself
 * the channels decide, split into colour groups: with {@code colours = 3}, channel {@code c}
 * belongs to group {@code c % 3} (R, G, B), for inputs and outputs alike.
 *
 * <pre>
 *   mask A (first layer)        mask B (later layers)      anchor, colour groups
 *   1 1 1 1 1                   1 1 1 1 1                   A: out G sees in R;
 *   1 1 1 1 1                   1 1 1 1 1                      out B sees in R, G
 *   1 1 0 0 0                   1 1 * 0 0                   B: as A, plus each group
 *   0 0 0 0 0                   0 0 0 0 0                      sees itself
 * </pre>
 *
 * With {@code colours = 1} the anchor is simply 0 (mask A) or 1 (mask B). The anchor need not be
 * the kernel's centre: the horizontal stack's 1×(k/2+1) kernel is anchored at its last column.
 */
public final class ConvMask {
    /** Whether the anchor may see the current sub-pixel's own colour group. */
    public enum Type {
        /** Excludes the current sub-pixel: the first layer, which sees the raw input. */
        A,
        /** Includes the current colour group: later layers, whose features are already causal. */
        B
    }

    private ConvMask() {}

    /**
     * Builds the mask as a flat array in the weight's (out, in, kh, kw) layout.
     *
     * @param anchorRow the kernel row that lies on the output's own row
     * @param anchorCol the kernel column that lies on the output's own column
     */
    public static float[] build(
            Type type,
            int outChannels,
            int inChannels,
            int kernelHeight,
            int kernelWidth,
            int anchorRow,
            int anchorCol,
            int colours) {
        float[] mask = new float[outChannels * inChannels * kernelHeight * kernelWidth];
        int i = 0;
        for (int o = 0; o < outChannels; o++) {
            int outGroup = o % colours;
            for (int c = 0; c < inChannels; c++) {
                int inGroup = c % colours;
                boolean anchorOpen = type == Type.A ? inGroup < outGroup : inGroup <= outGroup;
                for (int y = 0; y < kernelHeight; y++) {
                    for (int x = 0; x < kernelWidth; x++) {
                        boolean open;
                        if (y != anchorRow) {
                            open = y < anchorRow;
                        } else if (x != anchorCol) {
                            open = x < anchorCol;
                        } else {
                            open = anchorOpen;
                        }
                        mask[i++] = open ? 1f : 0f;
                    }
                }
            }
        }
        return mask;
    }

    /** True when the mask keeps every tap, so a layer can skip multiplying by it. */
    public static boolean isAllOnes(float[] mask) {
        for (float v : mask) {
            if (v != 1f) {
                return false;
            }
        }
        return true;
    }
}
