package io.github.pixelcnn.serve;

import com.sun.net.httpserver.HttpExchange;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.eval.Heatmaps;
import io.github.pixelcnn.eval.Scorer;
import io.github.pixelcnn.model.ConditionSource;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.ood.Detector;
import io.github.pixelcnn.ood.OodScore;
import io.github.pixelcnn.ood.OodScores;
import io.github.pixelcnn.ood.Threshold;
import io.github.pixelcnn.request.ConditionSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/score} (an image file as the body) and {@code POST /api/decode}: the uploaded
 * images' bits/dim and per-pixel NLL maps ({@link Scorer}, {@link Heatmaps}), or just their pixels
 * for the completion view. A class model scores {@code -log p(x)} by the marginal over classes,
 * since an uploaded image has no label.
 */
final class Scoring {
    /** Images of one upload that are scored or shown. */
    static final int MAX_IMAGES = 16;

    private final ServedModel served;
    private final JobGate gate;
    private final Uploads uploads;
    private final int bodyLimit;

    Scoring(ServedModel served, JobGate gate, Uploads uploads, int bodyLimit) {
        this.served = served;
        this.gate = gate;
        this.uploads = uploads;
        this.bodyLimit = bodyLimit;
    }

    void score(HttpExchange ex) throws IOException {
        Exchanges.requireMethod(ex, "POST");
        served.requireImageModel("scores", "pixelcnn score or eval on --dataset codes:FILE");
        ModelConfig cfg = served.config();
        ImageDataset all = upload(ex);
        ImageDataset data = all.head(Math.min(MAX_IMAGES, all.size()));
        ConditionSource conditions = conditions(data);
        Scorer.Scores scores = null;
        OodScores ood = null;
        Detector detector = served.detector();
        long t0 = System.nanoTime();
        try (JobGate.Ticket ticket = gate.admit()) {
            ticket.run();
            if (detector == null) {
                scores = Scorer.score(served.model(), data, conditions, data.size(), MAX_IMAGES, served.manager());
            } else {
                ood = detector.scorer(served.model(), served.classPrior(), MAX_IMAGES).score(data, served.manager());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpError(503, "the server is stopping", JobGate.RETRY_AFTER_SECONDS);
        }
        // With a background model the map is the per-pixel likelihood ratio: where the image is off.
        float[] mapped = ood == null ? scores.nats() : ood.ratioNats() != null ? ood.ratioNats() : ood.nats();
        double[] bits = ood == null ? scores.bitsPerDim() : ood.bitsPerDim();
        Heatmaps maps = new Heatmaps(data.pixels(), mapped, data.size(), cfg.imageChannels(), cfg.height(),
                cfg.width());
        List<Map<String, Object>> images = new ArrayList<>();
        List<int[]> pixels = Generation.split(data.pixels(), data.size());
        for (int i = 0; i < data.size(); i++) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("pixels", pixels.get(i));
            one.put("heat", maps.colours(i));
            one.put("bitsPerDim", bits[i]);
            if (ood != null) {
                one.put("ood", verdict(ood, i, detector.threshold()));
            }
            images.add(one);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", all.size());
        out.put("channels", cfg.imageChannels());
        out.put("height", cfg.height());
        out.put("width", cfg.width());
        out.put("map", ood != null && ood.ratioNats() != null ? "likelihood ratio per pixel" : "NLL per pixel");
        out.put("given", conditions.isMarginal() ? "-log p(x), the marginal over classes" : "-log p(x)");
        out.put("seconds", (System.nanoTime() - t0) / 1e9);
        out.put("images", images);
        Exchanges.json(ex, 200, out);
    }

    /** The scores of upload image i and, with a threshold, whether it is flagged and by which score. */
    private static Map<String, Object> verdict(OodScores ood, int i, Threshold threshold) {
        Map<String, Object> v = new LinkedHashMap<>();
        for (OodScore s : OodScore.values()) {
            if (ood.has(s)) {
                v.put(s.column(), ood.of(s, i));
            }
        }
        if (threshold != null) {
            v.put("score", threshold.score().column());
            v.put("threshold", threshold.value());
            v.put("flagged", threshold.flags(ood.of(threshold.score(), i)));
        }
        return v;
    }

    void decode(HttpExchange ex) throws IOException {
        Exchanges.requireMethod(ex, "POST");
        ImageDataset all = upload(ex);
        ImageDataset data = all.head(Math.min(MAX_IMAGES, all.size()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", all.size());
        out.put("images", Generation.split(data.pixels(), data.size()));
        Exchanges.json(ex, 200, out);
    }

    private ImageDataset upload(HttpExchange ex) throws IOException {
        byte[] body = Exchanges.body(ex, bodyLimit);
        if (body.length == 0) {
            throw new HttpError(400, "empty upload: send a PNG, JPEG or IDX file as the request body");
        }
        return uploads.read(body, Exchanges.contentType(ex), served.config());
    }

    private ConditionSource conditions(ImageDataset data) {
        return switch (served.kind()) {
            case CLASS -> ConditionSpec.marginal().forImages(served.model(), served.classPrior(), data);
            case VECTOR -> throw new HttpError(400, "this model is conditioned on vectors, which an upload lacks;"
                    + " use pixelcnn score --vectors");
            default -> ConditionSource.of(served.model(), data);
        };
    }
}
