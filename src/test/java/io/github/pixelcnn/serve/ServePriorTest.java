package io.github.pixelcnn.serve;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.vq.CodePrior;
import io.github.pixelcnn.vq.VqVae;
import io.github.pixelcnn.vq.VqVaeConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A prior over VQ-VAE codes on the page: the sample view shows decoded images, the same ones as
 * {@code sample --prior --decoder} for the seed, and completion and scores are refused in one line.
 */
class ServePriorTest {
    private static final Gson GSON = new Gson();

    @Test
    void theSampleViewShowsDecodedImagesAndTheOtherViewsRefuse() {
        HttpClient client = HttpClient.newHttpClient();
        try (NDManager manager = NDManager.newBaseManager()) {
            ModelConfig c = ModelConfig.builder().setImage(1, 3, 3).optLayers(2).optChannels(8).optKernels(3, 3)
                    .optHeadChannels(8).optLevels(6).optConditioning(Conditioning.CLASS, 3).build();
            Engine.getInstance().setRandomSeed(3);
            PixelModel prior = PixelModel.create(c);
            prior.initialize(manager);
            VqVae vqvae = new VqVae(new VqVaeConfig(1, 12, 12, 8, 1, 2, 6, 3, 0.25, 0.99, 1.0));
            vqvae.initialize(manager);
            vqvae.codebook().update(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8}, new int[] {0, 1, 2},
                    new java.util.SplittableRandom(1)); // distinct codes, so decoded images vary
            PixelServer server = PixelServer.start(new ServedModel(prior, manager, null, null, null, vqvae, null),
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), PixelServer.Limits.DEFAULT);
            try {
                URI base = server.uri();
                JsonObject info = GSON.fromJson(ServeFixtures.get(client, base.resolve("/api/info")).body(),
                        JsonObject.class);
                assertThat(info.get("height").getAsInt()).isEqualTo(12);
                assertThat(info.get("type").getAsString()).contains("VQ-VAE codes (K = 6)");

                HttpResponse<String> r = ServeFixtures.get(client, base.resolve("/api/sample?class=2&seed=7&n=2"));
                List<ServeFixtures.Event> events = ServeFixtures.events(r.body());
                ServeFixtures.Event done = events.get(events.size() - 1);
                assertThat(done.name()).isEqualTo("done");
                int[][] images = GSON.fromJson(GSON.fromJson(done.data(), JsonObject.class).get("images"),
                        int[][].class);
                byte[] expected = new CodePrior(prior, vqvae, "prior", "vqvae")
                        .sample(Condition.sameClass(2, 2, 3), 2, 1f, 7, manager);
                assertThat(images).hasNumberOfRows(2);
                for (int i = 0; i < 2; i++) {
                    for (int d = 0; d < 144; d++) {
                        assertThat(images[i][d]).isEqualTo(expected[i * 144 + d] & 0xFF);
                    }
                }
                HttpResponse<String> complete = ServeFixtures.post(client, base.resolve("/api/complete"),
                        "application/json", "{\"image\": [], \"forget\": []}".getBytes(StandardCharsets.UTF_8));
                assertThat(complete.statusCode()).isEqualTo(400);
                assertThat(complete.body()).contains("prior over VQ-VAE codes").contains("pixelcnn complete --prior");
            } finally {
                server.close();
            }
        }
    }
}
