package io.github.pixelcnn.serve;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.sun.net.httpserver.HttpExchange;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.Seeds;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.sample.Sampler;
import io.github.pixelcnn.vq.CodePrior;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sampling and completion as event streams: {@code start} (the images before drawing), one
 * {@code pixel} event per drawn sub-pixel with its value in each image, then {@code done} with the
 * finished images, or {@code error}. The draws are those of {@code pixelcnn sample} and {@code
 * complete}: the model's cached sampler, one seed.
 */
final class Generation {
    private static final Logger LOG = LoggerFactory.getLogger(Generation.class);
    /** Images one request may draw at once: a 4×4 grid. */
    static final int MAX_IMAGES = 16;

    private final ServedModel served;
    private final JobGate gate;
    private final int bodyLimit;
    private final AtomicInteger cancelled = new AtomicInteger();
    private final AtomicInteger lastCancelledAfter = new AtomicInteger(-1);

    Generation(ServedModel served, JobGate gate, int bodyLimit) {
        this.served = served;
        this.gate = gate;
        this.bodyLimit = bodyLimit;
    }

    /** Streams that ended because their client went away. */
    int cancelled() {
        return cancelled.get();
    }

    /** Pixel events the last cancelled stream sent before its sampler stopped; -1 before any. */
    int lastCancelledAfter() {
        return lastCancelledAfter.get();
    }

    /**
     * {@code GET /api/sample?n=&class=&image=&temperature=&seed=}: n new images of the class (or
     * from test image {@code image}'s code, for the auto-encoder).
     */
    void sample(HttpExchange ex) throws IOException {
        Exchanges.requireMethod(ex, "GET");
        Map<String, String> q = Exchanges.query(ex);
        int n = intParam(q, "n", 1, 1, MAX_IMAGES);
        Integer label = optionalInt(q, "class");
        Integer image = optionalInt(q, "image");
        float temperature = temperature(q.get("temperature"));
        long seed = seed(q.get("seed"));
        int dims = served.config().dims();
        if (image == null && served.kind() == Conditioning.CODE) {
            throw new HttpError(400, "this auto-encoder draws from the code of an image: pick a test image");
        }
        byte[] source = image == null ? null : served.testImage(image);
        if (served.decoder() != null) {
            streamDecoded(ex, n, served.condition(label, null, n), temperature, seed);
            return;
        }
        stream(ex, new byte[n * dims], null, null, n, () -> served.condition(label, source, n), temperature, seed);
    }

    /**
     * A prior over codes: {@code start} with blank images, no pixel events (the prior draws codes,
     * not pixels), then {@code done} with the decoded images, as {@code pixelcnn sample --prior --decoder}.
     */
    private void streamDecoded(HttpExchange ex, int n, Condition condition, float temperature, long seed)
            throws IOException {
        int[] shape = served.imageShape();
        run(ex, n, shape[0], shape[1], shape[2], new byte[n * shape[0] * shape[1] * shape[2]], null, events -> {
            Seeds.seedEngine(seed);
            CodePrior generator = new CodePrior(served.model(), served.decoder(), "the prior", "its decoder");
            return generator.decode(generator.sampleCodes(condition, n, temperature, seed, null, served.manager()),
                    served.manager());
        });
    }

    /**
     * {@code POST /api/complete}, JSON {@code {"image": [C·H·W levels], "forget": [H·W 0|1],
     * "k": completions, "class": label, "temperature", "seed"}}: k completions of the image's
     * forgotten pixels (every colour of them). The auto-encoder completes from the whole image's code.
     */
    void complete(HttpExchange ex) throws IOException {
        Exchanges.requireMethod(ex, "POST");
        if (!Exchanges.contentType(ex).equals("application/json")) {
            throw new HttpError(415, "send the completion request as application/json");
        }
        JsonObject body;
        try {
            body = Exchanges.GSON.fromJson(new String(Exchanges.body(ex, bodyLimit), StandardCharsets.UTF_8),
                    JsonObject.class);
        } catch (JsonParseException | ClassCastException | IllegalStateException e) {
            throw new HttpError(400, "the request body is not a JSON object with \"image\" and \"forget\" arrays");
        }
        if (body == null) {
            throw new HttpError(400, "empty request");
        }
        served.requireImageModel("completion", "pixelcnn complete --prior --decoder");
        ModelConfig cfg = served.config();
        int dims = cfg.dims();
        int plane = cfg.height() * cfg.width();
        byte[] image = levels(body, "image", dims, cfg.levels());
        byte[] forget = levels(body, "forget", plane, 2);
        int k = body.has("k") ? number(body, "k", 1, MAX_IMAGES) : 4;
        Integer label = body.has("class") && !body.get("class").isJsonNull() ? number(body, "class", 0, Integer.MAX_VALUE)
                : null;
        float temperature = temperature(body.has("temperature") ? body.get("temperature").getAsString() : null);
        long seed = seed(body.has("seed") ? body.get("seed").getAsString() : null);
        byte[] images = new byte[k * dims];
        boolean[] known = new boolean[k * dims];
        int forgotten = 0;
        for (int p = 0; p < plane; p++) {
            forgotten += forget[p];
        }
        if (forgotten == 0) {
            throw new HttpError(400, "paint the region to forget first: no pixel is marked");
        }
        for (int i = 0; i < k; i++) {
            for (int d = 0; d < dims; d++) {
                known[i * dims + d] = forget[d % plane] == 0;
                images[i * dims + d] = known[i * dims + d] ? image[d] : 0;
            }
        }
        int[] forgetPlane = new int[plane];
        for (int p = 0; p < plane; p++) {
            forgetPlane[p] = forget[p];
        }
        stream(ex, images, known, forgetPlane, k, () -> served.condition(label, image, k), temperature, seed);
    }

    /** Makes h; the auto-encoder's once the job holds the model, since it runs the encoder. */
    private interface ConditionMaker {
        Condition make();
    }

    /** @param forget the (H, W) plane of forgotten pixels for a completion, sent with the start event; null = none */
    private void stream(HttpExchange ex, byte[] images, boolean[] known, int[] forget, int n, ConditionMaker h,
            float temperature, long seed) throws IOException {
        ModelConfig cfg = served.config();
        // A bad class is a 400 before the stream starts; only the auto-encoder's code waits for the model.
        Condition early = served.kind() == Conditioning.CODE ? null : h.make();
        run(ex, n, cfg.imageChannels(), cfg.height(), cfg.width(), images, forget, events -> {
            Condition condition = early != null ? early : h.make();
            Seeds.seedEngine(seed);
            return Sampler.forModel(served.model()).complete(served.model(), condition, images, known, n, temperature,
                    seed, served.manager(), events.pixels(n, cfg.dims(), cfg.height() * cfg.width(), cfg.width()));
        });
    }

    /** What a stream draws once it has the model: the finished images, n × C × H × W. */
    private interface Drawing {
        byte[] draw(EventStream events);
    }

    /**
     * One generation job as an event stream: a place in the queue, {@code start} (the images as
     * they begin, and the forgotten plane of a completion) once the model is free, then {@code
     * done}; a closed page cancels it, a refusal or failure ends it with an error event.
     */
    private void run(HttpExchange ex, int n, int channels, int height, int width, byte[] images, int[] forget,
            Drawing drawing) throws IOException {
        try (JobGate.Ticket ticket = gate.admit()) {
            EventStream events = new EventStream(ex);
            try {
                events.comment("waiting for the model");
                Map<String, Object> start = new LinkedHashMap<>();
                start.put("n", n);
                start.put("channels", channels);
                start.put("height", height);
                start.put("width", width);
                start.put("images", split(images, n));
                if (forget != null) {
                    start.put("forget", forget);
                }
                ticket.run();
                events.send("start", start);
                long t0 = System.nanoTime();
                byte[] done = drawing.draw(events);
                Map<String, Object> end = new LinkedHashMap<>();
                end.put("images", split(done, n));
                end.put("pixelEvents", events.pixelEvents());
                end.put("seconds", (System.nanoTime() - t0) / 1e9);
                events.send("done", end);
            } catch (EventStream.Cancelled e) {
                lastCancelledAfter.set(events.pixelEvents());
                cancelled.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (HttpError | BadInputException e) {
                sendError(events, e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("generation failed", e);
                sendError(events, "generation failed: " + e);
            } finally {
                events.close();
            }
        }
    }

    private void sendError(EventStream events, String message) {
        try {
            events.send("error", Map.of("error", message));
        } catch (EventStream.Cancelled gone) {
            cancelled.incrementAndGet();
        }
    }

    /** n images of the flat array, each as a list of levels 0..255. */
    static List<int[]> split(byte[] images, int n) {
        int dims = images.length / n;
        int[][] out = new int[n][dims];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < dims; d++) {
                out[i][d] = images[i * dims + d] & 0xff;
            }
        }
        return Arrays.asList(out);
    }

    private static byte[] levels(JsonObject body, String name, int length, int levels) {
        if (!body.has(name) || !body.get(name).isJsonArray()) {
            throw new HttpError(400, name + ": missing; expected an array of " + length + " numbers");
        }
        var array = body.getAsJsonArray(name);
        if (array.size() != length) {
            throw new HttpError(400, name + ": " + array.size() + " values, the model needs " + length);
        }
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            int v;
            try {
                v = array.get(i).getAsInt();
            } catch (RuntimeException e) {
                throw new HttpError(400, name + "[" + i + "]: not a number");
            }
            if (v < 0 || v >= levels) {
                throw new HttpError(400, name + "[" + i + "]: " + v + " outside 0.." + (levels - 1));
            }
            out[i] = (byte) v;
        }
        return out;
    }

    private static int number(JsonObject body, String name, int min, int max) {
        try {
            return check(name, body.get(name).getAsInt(), min, max);
        } catch (NumberFormatException | UnsupportedOperationException | IllegalStateException e) {
            throw new HttpError(400, name + ": not a whole number");
        }
    }

    private static int intParam(Map<String, String> q, String name, int fallback, int min, int max) {
        Integer v = optionalInt(q, name);
        return check(name, v == null ? fallback : v, min, max);
    }

    private static Integer optionalInt(Map<String, String> q, String name) {
        String s = q.get(name);
        if (s == null || s.isBlank() || s.equals("none")) {
            return null;
        }
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new HttpError(400, name + ": not a whole number: " + s);
        }
    }

    private static int check(String name, int v, int min, int max) {
        if (v < min || v > max) {
            throw new HttpError(400, name + " must be in " + min + ".." + max + ", got " + v);
        }
        return v;
    }

    private static float temperature(String s) {
        if (s == null || s.isBlank()) {
            return 1f;
        }
        float t;
        try {
            t = Float.parseFloat(s.trim());
        } catch (NumberFormatException e) {
            throw new HttpError(400, "temperature: not a number: " + s);
        }
        if (!(t > 0) || t > 100) {
            throw new HttpError(400, "temperature must be positive (and at most 100), got " + s);
        }
        return t;
    }

    private static long seed(String s) {
        if (s == null || s.isBlank()) {
            return 1;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new HttpError(400, "seed: not a whole number: " + s);
        }
    }
}
