package io.github.pixelcnn.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.PixelModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The listener hook: one call per drawn sub-pixel in raster order, the same images, and a throw stops the run. */
class DrawListenerTest {

    @Test
    void reportsEverySubPixelInRasterOrderAndChangesNothing() {
        try (NDManager m = NDManager.newBaseManager()) {
            PixelModel model = CachedSamplerTest.model(m, 3, 48, 2, 3, 3, 32, 4, 5, 0);
            Sampler sampler = Sampler.forModel(model);
            byte[] plain = sampler.sample(model, Condition.none(), 2, 1f, 5, m);
            List<int[]> events = new ArrayList<>();
            byte[] watched = sampler.sample(model, Condition.none(), 2, 1f, 5, m, (y, x, ch, images) -> {
                int offset = ch * 20 + y * 5 + x;
                events.add(new int[] {y, x, ch, images[offset], images[60 + offset]});
            });
            assertThat(watched).isEqualTo(plain);
            assertThat(events).hasSize(3 * 4 * 5);
            for (int i = 0; i < events.size(); i++) {
                int[] e = events.get(i);
                assertThat(new int[] {e[0], e[1], e[2]}).as("event %d", i).containsExactly(i / 15, i / 3 % 5, i % 3);
                int offset = e[2] * 20 + e[0] * 5 + e[1];
                assertThat(e[3]).as("image 0 value at event %d", i).isEqualTo(plain[offset]);
                assertThat(e[4]).as("image 1 value at event %d", i).isEqualTo(plain[60 + offset]);
            }
        }
    }

    @Test
    void skipsKnownSubPixels() {
        try (NDManager m = NDManager.newBaseManager()) {
            PixelModel model = CachedSamplerTest.model(m, 1, 16, 2, 3, 3, 256, 4, 4, 0);
            boolean[] known = new boolean[16];
            Arrays.fill(known, 0, 8, true);
            int[] calls = {0};
            Sampler.forModel(model).complete(model, Condition.none(), new byte[16], known, 1, 1f, 3, m,
                    (y, x, ch, images) -> {
                        assertThat(y).isGreaterThanOrEqualTo(2);
                        calls[0]++;
                    });
            assertThat(calls[0]).isEqualTo(8);
        }
    }

    @Test
    void aThrowingListenerStopsTheRun() {
        try (NDManager m = NDManager.newBaseManager()) {
            PixelModel model = CachedSamplerTest.model(m, 1, 16, 2, 3, 3, 256, 6, 6, 0);
            int[] calls = {0};
            assertThatThrownBy(() -> Sampler.forModel(model).sample(model, Condition.none(), 1, 1f, 3, m,
                    (y, x, ch, images) -> {
                        if (++calls[0] == 5) {
                            throw new IllegalStateException("stop");
                        }
                    })).hasMessage("stop");
            assertThat(calls[0]).isEqualTo(5);
            // The model still samples afterwards: the run's managers and threads were restored.
            assertThat(Sampler.forModel(model).sample(model, Condition.none(), 1, 1f, 3, m)).hasSize(36);
        }
    }
}
