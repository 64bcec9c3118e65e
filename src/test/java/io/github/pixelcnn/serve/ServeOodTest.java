package io.github.pixelcnn.serve;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.github.pixelcnn.ood.Detector;
import io.github.pixelcnn.ood.OodScore;
import io.github.pixelcnn.ood.Threshold;
import io.github.pixelcnn.train.Checkpoint;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The score view with a background model and a threshold: the same scores as the library, and a verdict. */
class ServeOodTest {
    @Test
    void scoreReturnsTheRatioTheComplexityAndTheVerdict(@TempDir Path tmp) {
        Path run = ServeFixtures.trainedRun(tmp);
        try (NDManager manager = NDManager.newBaseManager()) {
            ServedModel plain = ServeFixtures.served(run, manager);
            // The model itself as its own background: the ratio is then exactly 0 for every image.
            Checkpoint ckpt = Checkpoint.read(run.resolve("checkpoint.ckpt"));
            Threshold rule = new Threshold(OodScore.RATIO, -1, 0.05, 0.05, 100, "test", "m", "00000000", "bg",
                    "00000000");
            ServedModel served = new ServedModel(plain.model(), manager, plain.classPrior(), plain.testImages(), run,
                    null, new Detector(ckpt.restoreModel(manager), ckpt.classPrior(), rule));
            try (PixelServer server = PixelServer.start(served, new InetSocketAddress("127.0.0.1", 0),
                    PixelServer.Limits.DEFAULT)) {
                HttpResponse<String> r = ServeFixtures.post(HttpClient.newHttpClient(), server.uri().resolve("/api/score"),
                        "image/png", ServeFixtures.png(8, 8));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                JsonObject body = new Gson().fromJson(r.body(), JsonObject.class);
                assertThat(body.get("map").getAsString()).isEqualTo("likelihood ratio per pixel");
                JsonObject first = body.getAsJsonArray("images").get(0).getAsJsonObject();
                JsonObject ood = first.getAsJsonObject("ood");
                assertThat(ood.get("likelihood_ratio").getAsDouble()).isZero();
                assertThat(ood.get("complexity_score").getAsDouble()).isLessThan(first.get("bitsPerDim").getAsDouble());
                assertThat(ood.get("flagged").getAsBoolean()).isTrue(); // 0 > -1
                assertThat(ood.get("score").getAsString()).isEqualTo("likelihood_ratio");
            }
        }
    }
}
