package io.github.pixelcnn.serve;

import static io.github.pixelcnn.serve.ServeFixtures.events;
import static io.github.pixelcnn.serve.ServeFixtures.get;
import static io.github.pixelcnn.serve.ServeFixtures.post;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.pixelcnn.cli.Main;
import io.github.pixelcnn.data.IdxFile;
import io.github.pixelcnn.serve.ServeFixtures.Event;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server over HTTP: streams that match {@code pixelcnn sample}, refusals, limits and its own files only. */
class ServeHttpTest {
    private static final Gson GSON = new Gson();
    /** A small body limit, so a too-large upload stays small. */
    private static final int BODY_LIMIT = 8192;

    @TempDir static Path tmp;
    static Path run;
    static NDManager manager;
    static PixelServer server;
    static HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        run = ServeFixtures.trainedRun(tmp);
        manager = NDManager.newBaseManager();
        server = PixelServer.start(ServeFixtures.served(run, manager),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), new PixelServer.Limits(BODY_LIMIT, 3));
    }

    @AfterAll
    static void stop() {
        server.close();
        manager.close();
    }

    private static URI at(String path) {
        return server.uri().resolve(path);
    }

    /** The images a CLI sample writes with --raw, uint8 (N·C·H·W). */
    private static byte[] cliSample(String... args) {
        Path raw = tmp.resolve("raw-" + String.join("-", args) + ".idx");
        List<String> all = new ArrayList<>(List.of("sample", "--run", run.toString(), "--out",
                tmp.resolve("grid-" + String.join("-", args) + ".png").toString(), "--raw", raw.toString()));
        all.addAll(Arrays.asList(args));
        assertThat(Main.run(all.toArray(String[]::new))).as("sample exit code").isZero();
        return IdxFile.read(raw, 3).data();
    }

    /** Replays the pixel events into n blank images of 64 sub-pixels (1×8×8). */
    private static byte[] replay(List<Event> events, int n) {
        byte[] images = new byte[n * 64];
        for (Event e : events) {
            if (e.name().equals("pixel")) {
                JsonObject p = GSON.fromJson(e.data(), JsonObject.class);
                int offset = p.get("c").getAsInt() * 64 + p.get("y").getAsInt() * 8 + p.get("x").getAsInt();
                JsonArray v = p.getAsJsonArray("v");
                for (int i = 0; i < n; i++) {
                    images[i * 64 + offset] = (byte) v.get(i).getAsInt();
                }
            }
        }
        return images;
    }

    private static byte[] doneImages(List<Event> events) {
        Event done = events.get(events.size() - 1);
        assertThat(done.name()).as("last event").isEqualTo("done");
        JsonArray images = GSON.fromJson(done.data(), JsonObject.class).getAsJsonArray("images");
        byte[] out = new byte[images.size() * 64];
        for (int i = 0; i < images.size(); i++) {
            JsonArray one = images.get(i).getAsJsonArray();
            for (int d = 0; d < 64; d++) {
                out[i * 64 + d] = (byte) one.get(d).getAsInt();
            }
        }
        return out;
    }

    @Test
    void theStreamDrawsEverySubPixelOnceAndEndsWithTheImageSampleGives() {
        HttpResponse<String> r = get(client, at("/api/sample?class=1&seed=7&temperature=1&n=1"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        List<Event> events = events(r.body());
        assertThat(events.get(0).name()).isEqualTo("start");
        assertThat(events.stream().filter(e -> e.name().equals("pixel")).count()).as("pixel events").isEqualTo(1 * 8 * 8);
        byte[] expected = cliSample("--class", "1", "--n", "1", "--seed", "7");
        assertThat(doneImages(events)).isEqualTo(expected);
        assertThat(replay(events, 1)).as("the image the events draw").isEqualTo(expected);
    }

    @Test
    void aGridOfSixteenIsTheSampleCommandsGrid() {
        HttpResponse<String> r = get(client, at("/api/sample?class=2&seed=11&temperature=0.8&n=16"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<Event> events = events(r.body());
        assertThat(events.stream().filter(e -> e.name().equals("pixel")).count()).isEqualTo(64);
        byte[] expected = cliSample("--class", "2", "--n", "16", "--seed", "11", "--temperature", "0.8");
        assertThat(doneImages(events)).isEqualTo(expected);
        assertThat(replay(events, 16)).isEqualTo(expected);
    }

    @Test
    void completionDrawsOnlyTheForgottenPixelsAndKeepsTheRest() {
        JsonArray testImage = GSON.fromJson(get(client, at("/api/images")).body(), JsonObject.class)
                .getAsJsonArray("images").get(0).getAsJsonArray();
        int[] image = new int[64];
        int[] forget = new int[64];
        for (int d = 0; d < 64; d++) {
            image[d] = testImage.get(d).getAsInt();
            forget[d] = d >= 40 ? 1 : 0; // rows 5..7
        }
        String body = GSON.toJson(java.util.Map.of("image", image, "forget", forget, "k", 3, "class", 0, "seed", 4));
        HttpResponse<String> r = post(client, at("/api/complete"), "application/json", body.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<Event> events = events(r.body());
        assertThat(events.stream().filter(e -> e.name().equals("pixel")).count()).isEqualTo(24);
        byte[] done = doneImages(events);
        for (int i = 0; i < 3; i++) {
            for (int d = 0; d < 40; d++) {
                assertThat(done[i * 64 + d] & 0xff).as("kept sub-pixel %d of completion %d", d, i).isEqualTo(image[d]);
            }
        }
    }

    @Test
    void badRequestsGetAStatusAndAMessageAndTheServerKeepsServing() {
        HttpResponse<String> text = post(client, at("/api/score"), "application/octet-stream",
                "hello, not an image".getBytes(StandardCharsets.UTF_8));
        assertThat(text.statusCode()).isEqualTo(400);
        assertThat(error(text)).contains("not a PNG, JPEG or IDX");

        HttpResponse<String> wrongSize = post(client, at("/api/score"), "image/png", ServeFixtures.png(16, 12));
        assertThat(wrongSize.statusCode()).isEqualTo(400);
        assertThat(error(wrongSize)).isEqualTo("upload: image is 12x16 (height x width), expected 8x8; upload one of that"
                + " size");

        byte[] png = ServeFixtures.png(8, 8);
        HttpResponse<String> truncated = post(client, at("/api/decode"), "image/png", Arrays.copyOf(png, png.length / 2));
        assertThat(truncated.statusCode()).isEqualTo(400);
        assertThat(error(truncated)).startsWith("upload").doesNotContain(tmp.toString());

        HttpResponse<String> tooLarge = post(client, at("/api/score"), "application/octet-stream", new byte[BODY_LIMIT * 4]);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(error(tooLarge)).contains("limit");

        HttpResponse<String> form = post(client, at("/api/score"), "application/x-www-form-urlencoded", png);
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(error(form)).contains("image/png");

        assertThat(error(get(client, at("/api/sample?class=10")))).isEqualTo("choose a class 0..9, got 10");
        assertThat(error(get(client, at("/api/sample?class=1&temperature=-1")))).contains("temperature");
        assertThat(get(client, at("/api/sample?n=17&class=1")).statusCode()).isEqualTo(400);
        assertThat(post(client, at("/api/complete"), "application/json", "{\"image\": [1,2]}".getBytes(StandardCharsets.UTF_8))
                .statusCode()).isEqualTo(400);

        HttpResponse<String> good = post(client, at("/api/score"), "image/png", png);
        assertThat(good.statusCode()).as(good.body()).isEqualTo(200);
        JsonObject scored = GSON.fromJson(good.body(), JsonObject.class);
        JsonObject first = scored.getAsJsonArray("images").get(0).getAsJsonObject();
        assertThat(first.get("bitsPerDim").getAsDouble()).isPositive();
        assertThat(first.getAsJsonArray("heat").size()).isEqualTo(64);
        assertThat(scored.get("given").getAsString()).contains("marginal");
    }

    private static String error(HttpResponse<String> r) {
        return GSON.fromJson(r.body(), JsonObject.class).get("error").getAsString();
    }

    @Test
    void twentyConcurrentRequestsGetAStreamOrA503AndOneJobRunsAtATime() {
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add(client.sendAsync(HttpRequest.newBuilder(at("/api/sample?class=0&n=16&seed=" + i)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        int ok = 0;
        int busy = 0;
        for (CompletableFuture<HttpResponse<String>> f : all) {
            HttpResponse<String> r = f.join();
            if (r.statusCode() == 200) {
                ok++;
                List<Event> events = events(r.body());
                assertThat(events.get(events.size() - 1).name()).isEqualTo("done");
            } else {
                busy++;
                assertThat(r.statusCode()).isEqualTo(503);
                assertThat(r.headers().firstValue("Retry-After")).hasValue("2");
                assertThat(error(r)).startsWith("busy");
            }
        }
        assertThat(ok).isGreaterThanOrEqualTo(1);
        assertThat(busy).as("refused while the queue was full").isGreaterThanOrEqualTo(1);
        assertThat(server.peakRunningJobs()).isEqualTo(1);
        assertThat(get(client, at("/api/sample?class=0&n=1")).statusCode()).as("serves again").isEqualTo(200);
    }

    @Test
    void onlyItsOwnFilesAreServed() throws IOException {
        assertThat(get(client, at("/")).body()).contains("<canvas id=\"sample-canvas\"");
        assertThat(get(client, at("/app.js")).statusCode()).isEqualTo(200);
        for (String path : List.of("/../../../../etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd", "/%2e%2e/%2e%2e/etc/passwd",
                "/serve/app.js", "/app.js/../../pom.xml", "//etc/passwd", "/ServeHttpTest.class",
                "/api/info/../../../etc/passwd", "/api/infox", "/api/training/grid/../../config.json")) {
            assertThat(rawStatus(path)).as(path).isEqualTo(404);
        }
        assertThat(get(client, at("/api/training")).statusCode()).isEqualTo(200);
    }

    @Test
    void aPageElsewhereThatRebindsItsNameToLoopbackIsRefused() throws IOException {
        assertThat(rawStatus("/api/info", "localhost:" + server.uri().getPort())).isEqualTo(200);
        assertThat(rawStatus("/api/info", "127.0.0.1")).isEqualTo(200);
        assertThat(rawStatus("/api/info", "attacker.example:" + server.uri().getPort())).isEqualTo(403);
        assertThat(rawStatus("/", "attacker.example")).isEqualTo(403);
    }

    private static int rawStatus(String path) throws IOException {
        return rawStatus(path, "localhost");
    }

    /** The status line's code for a request line sent as is (clients normalise dot segments away). */
    private static int rawStatus(String path, String host) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.uri().getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    /** A body shorter than its Content-Length (the client gave up mid-upload) is the client's 400, not a 500. */
    @Test
    void aTruncatedBodyIsA400ThatSaysSo() throws IOException {
        String response;
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.uri().getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/score HTTP/1.1\r\nHost: localhost\r\nContent-Type: image/png\r\n"
                    + "Content-Length: 1000\r\nConnection: close\r\n\r\n0123456789").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            s.shutdownOutput();
            response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(response).startsWith("HTTP/1.1 400")
                .contains("the request body ended after 10 bytes of the 1000 declared; send it whole");
        HttpResponse<String> json = post(client, at("/api/complete"), "application/json",
                "[1, 2]".getBytes(StandardCharsets.UTF_8));
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(error(json)).isEqualTo("the request body is not a JSON object with \"image\" and \"forget\" arrays");
    }

    @Test
    void theTrainingViewReadsTheRunsMetricsAndGrid() {
        JsonObject view = GSON.fromJson(get(client, at("/api/training")).body(), JsonObject.class);
        assertThat(view.get("training").getAsBoolean()).as("the run finished").isFalse();
        assertThat(view.getAsJsonArray("rows").size()).isPositive();
        HttpResponse<String> grid = get(client, at("/api/training/grid"));
        assertThat(grid.statusCode()).isEqualTo(200);
        assertThat(grid.headers().firstValue("Content-Type")).hasValue("image/png");
    }
}
