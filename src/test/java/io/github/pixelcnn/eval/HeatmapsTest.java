package io.github.pixelcnn.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The anomaly colour scale and the page layout of the NLL maps. */
class HeatmapsTest {
    @TempDir Path dir;

    @Test
    void scaleRunsBlackRedYellowWhite() {
        assertThat(Heatmaps.heat(0f)).isEqualTo(0x000000);
        assertThat(Heatmaps.heat(1 / 3f)).isEqualTo(0xff0000);
        assertThat(Heatmaps.heat(2 / 3f)).isEqualTo(0xffff00);
        assertThat(Heatmaps.heat(1f)).isEqualTo(0xffffff);
        assertThat(Heatmaps.heat(7f)).isEqualTo(0xffffff); // clamped
    }

    @Test
    void coloursSumTheChannelsOnTheScaleOfAllImages() {
        // Two RGB images of 1x2 pixels: image 1's second pixel holds the largest sum (3 nats).
        float[] nats = {0, 0.5f, 0, 0.5f, 0, 0.5f, 0, 1, 0, 1, 0, 1};
        Heatmaps maps = new Heatmaps(new byte[12], nats, 2, 3, 1, 2);
        assertThat(maps.colours(1)).containsExactly(0x000000, 0xffffff);
        assertThat(maps.colours(0)).containsExactly(0x000000, Heatmaps.heat(0.5f));
    }

    @Test
    void pagesHoldAHundredImagesAndShareOneScale() throws IOException {
        assertThat(Heatmaps.pages(100)).isEqualTo(1);
        assertThat(Heatmaps.pages(101)).isEqualTo(2);
        assertThat(Heatmaps.fileName(0, 1)).isEqualTo("heatmaps.png");
        assertThat(Heatmaps.fileName(1, 3)).isEqualTo("heatmaps-002.png");

        int n = 101;
        float[] nats = new float[n * 4]; // (N, 1, 2, 2)
        nats[100 * 4] = 9f; // the only surprising pixel is on page 2: the scale's maximum
        nats[0] = 3f; // a third of it on page 1
        Heatmaps maps = new Heatmaps(new byte[n * 4], nats, n, 1, 2, 2);
        maps.write(0, dir.resolve("p1.png"));
        maps.write(1, dir.resolve("p2.png"));
        BufferedImage first = ImageIO.read(dir.resolve("p1.png").toFile());
        BufferedImage second = ImageIO.read(dir.resolve("p2.png").toFile());
        int mapX = 2 * 4 + 2; // the map beside image 0: one image of 2 pixels at scale 4, then the gap
        assertThat(first.getRGB(mapX, 0) & 0xffffff).isEqualTo(0xff0000);
        assertThat(second.getRGB(mapX, 0) & 0xffffff).isEqualTo(0xffffff);
        assertThat(second.getHeight()).isLessThan(first.getHeight());
    }
}
