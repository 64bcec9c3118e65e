package io.github.pixelcnn.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The masked PixelCNN has the blind spot of §2.1 of arXiv 1606.05328; the Gated PixelCNN, with
 * its vertical and horizontal stacks, sees the whole rectangle above a pixel.
 *
 * <p>Gray 9×9 images; the probed pixel sits at the bottom row. Gradients are taken on three random
 * images: a zero must hold in every one of them, a non-zero in at least one (a ReLU in the head can
 * be inactive for one image).
 */
class BlindSpotTest {
    private static final int H = 9;
    private static final int W = 9;
    private static final long[] SEEDS = {21, 22, 23};

    private static NDManager manager;

    @BeforeAll
    static void setUp() {
        Engine.getInstance().setRandomSeed(5);
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    /**
     * Masked PixelCNN, 3×3 mask-A first layer and 3×3 mask-B blocks, 8 layers. Each layer moves the
     * visible region by one of the open taps (dy, dx) ∈ {(-1,-1), (-1,0), (-1,+1), (0,-1)} (plus
     * (0,0) for mask B). Only the (-1,+1) tap moves right, and it also moves one row up, so an input
     * r rows above the output can lie at most r columns to its right: every (y-r, x+c) with c > r is
     * blind, however deep the net, although it lies inside the 8×8 reach rectangle. The cone c ≤ r
     * is seen.
     */
    @Test
    void maskedPixelCnnHasTheBlindSpotAboveRight() {
        ModelConfig cfg =
                ModelConfig.builder().setImage(1, H, W).optType(ModelType.PIXELCNN).optLayers(8).optChannels(12).optKernels(3, 3).optHeadChannels(24).optLevels(8).build();
        int y = 8;
        int x = 3;
        Maps maps = probe(cfg, y, x);
        int blind = 0;
        for (int r = 1; r <= y; r++) {
            for (int c = -x; c < W - x; c++) {
                int yy = y - r;
                int xx = x + c;
                if (c > r) {
                    blind++;
                    assertThat(maps.everNonZero[yy][xx])
                            .as("(%d,%d) lies in the blind spot of (%d,%d); gradients:%n%s", yy, xx, y, x, maps)
                            .isFalse();
                } else {
                    assertThat(maps.everNonZero[yy][xx])
                            .as("(%d,%d) lies in the visible cone of (%d,%d); gradients:%n%s", yy, xx, y, x, maps)
                            .isTrue();
                }
            }
        }
        // (7,5) (7,6) (7,7) (7,8), (6,6) (6,7) (6,8), (5,7) (5,8), (4,8)
        assertThat(blind).isEqualTo(10);
        assertThat(maps.everNonZero[y - 1][x + 2]).as("the classic blind pixel (y-1, x+2)").isFalse();
        assertThat(maps.everNonZero[y - 1][x + 1]).as("the up-right diagonal (y-1, x+1)").isTrue();
    }

    /**
     * Gated PixelCNN, 3×3 kernels, 8 layers: reach R = 3/2 + 7·(3/2) = 8 rows up and 8 columns to
     * either side, so at (8, 3) every pixel of rows 0…7 must matter, including those the masked
     * PixelCNN cannot see.
     */
    @Test
    void gatedPixelCnnSeesEveryPixelAbove() {
        ModelConfig cfg =
                ModelConfig.builder().setImage(1, H, W).optType(ModelType.GATED).optLayers(8).optChannels(12).optKernels(3, 3).optHeadChannels(24).optLevels(8).build();
        int y = 8;
        int x = 3;
        Maps maps = probe(cfg, y, x);
        for (int yy = 0; yy < y; yy++) {
            for (int xx = 0; xx < W; xx++) {
                assertThat(maps.everNonZero[yy][xx])
                        .as("gated (%d,%d) must depend on (%d,%d): no blind spot; gradients:%n%s", y, x, yy, xx, maps)
                        .isTrue();
            }
        }
        for (int xx = 0; xx < x; xx++) {
            assertThat(maps.everNonZero[y][xx]).as("left neighbour (%d,%d)", y, xx).isTrue();
        }
        assertThat(maps.everNonZero[y - 1][x + 2]).as("(y-1, x+2), blind for the masked PixelCNN").isTrue();
    }

    /**
     * Gated PixelCNN, 7×7 first kernel and 3×3 after, 3 layers: R = 7/2 + 2·(3/2) = 5. At (8, 1)
     * the rectangle is rows 3…7, columns 0…6: all of it is seen, and nothing above row 3 or right
     * of column 6 is.
     */
    @Test
    void gatedReceptiveFieldIsTheFullRectangle() {
        int layers = 3;
        int k1 = 7;
        int k = 3;
        ModelConfig cfg =
                ModelConfig.builder().setImage(1, H, W).optType(ModelType.GATED).optLayers(layers).optChannels(12).optKernels(k1, k).optHeadChannels(24).optLevels(8).build();
        int reach = k1 / 2 + (layers - 1) * (k / 2);
        assertThat(reach).isEqualTo(5);
        int y = 8;
        int x = 1;
        Maps maps = probe(cfg, y, x);
        for (int yy = 0; yy < y; yy++) {
            for (int xx = 0; xx < W; xx++) {
                boolean inside = y - yy <= reach && Math.abs(xx - x) <= reach;
                if (inside) {
                    assertThat(maps.everNonZero[yy][xx])
                            .as("(%d,%d) is inside the rectangle of (%d,%d); gradients:%n%s", yy, xx, y, x, maps)
                            .isTrue();
                } else {
                    assertThat(maps.everNonZero[yy][xx])
                            .as("(%d,%d) is outside the rectangle of (%d,%d); gradients:%n%s", yy, xx, y, x, maps)
                            .isFalse();
                }
            }
        }
    }

    /** Which input pixels the output pixel (y, x) depended on, in any of the seeds. */
    private static Maps probe(ModelConfig cfg, int y, int x) {
        PixelModel model = PixelModel.create(cfg);
        try (NDManager m = manager.newSubManager()) {
            model.initialize(m, ai.djl.ndarray.types.DataType.FLOAT64);
            Maps maps = new Maps();
            int i = y * W + x; // gray: sub-pixel index = pixel index
            for (long seed : SEEDS) {
                float[][] grad = DependenceProbe.dependence(model, m, seed);
                for (int yy = 0; yy < H; yy++) {
                    for (int xx = 0; xx < W; xx++) {
                        maps.everNonZero[yy][xx] |= grad[i][yy * W + xx] != 0f;
                    }
                }
            }
            return maps;
        }
    }

    private static final class Maps {
        final boolean[][] everNonZero = new boolean[H][W];

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (boolean[] row : everNonZero) {
                for (boolean v : row) {
                    sb.append(v ? '#' : '.');
                }
                sb.append('\n');
            }
            return sb.toString();
        }
    }
}
