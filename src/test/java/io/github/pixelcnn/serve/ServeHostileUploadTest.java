package io.github.pixelcnn.serve;

import static io.github.pixelcnn.serve.ServeFixtures.get;
import static io.github.pixelcnn.serve.ServeFixtures.post;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.github.pixelcnn.data.HostileImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decompression bombs uploaded to the page: each refused from its header with a 400 and one line,
 * without a large heap (the bound on the work done, rather than seconds), and the server keeps
 * serving.
 */
class ServeHostileUploadTest {
    private static final Gson GSON = new Gson();
    /** The serve command's own body limit: bombs are small files that claim huge rasters. */
    private static final int BODY_LIMIT = 4 << 20;
    /** Far below one decoded bomb (40000² gray pixels = 1.6 GB), far above a refusal. */
    private static final long HEAP_BOUND = 256L << 20;

    @TempDir static Path tmp;
    static NDManager manager;
    static PixelServer server;
    static final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        Path run = ServeFixtures.trainedRun(tmp);
        manager = NDManager.newBaseManager();
        server = PixelServer.start(ServeFixtures.served(run, manager),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), new PixelServer.Limits(BODY_LIMIT, 3));
    }

    @AfterAll
    static void stop() {
        server.close();
        manager.close();
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Peak heap over all pools since the last reset, in bytes. */
    private static long heapPeak() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static void resetHeapPeak() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    @Test
    void bombsAreRefusedFromTheirHeadersAndTheServerKeepsServing() {
        Map<String, byte[]> bombs = new LinkedHashMap<>();
        bombs.put("gray PNG", bytes(HostileImages.pngBomb(tmp.resolve("gray.png"), 40000, 40000, false, 200)));
        bombs.put("colour PNG", bytes(HostileImages.pngBomb(tmp.resolve("rgb.png"), 40000, 40000, true, 100)));
        bombs.put("header only", bytes(HostileImages.pngHeaderOnly(tmp.resolve("header.png"), 100000, 100000)));
        bombs.put("JPEG frame", bytes(HostileImages.jpegHugeFrame(tmp.resolve("frame.jpg"), 65000, 65000)));
        for (Map.Entry<String, byte[]> bomb : bombs.entrySet()) {
            assertThat(bomb.getValue().length).as(bomb.getKey() + " fits under the body limit").isLessThan(BODY_LIMIT);
            String type = bomb.getKey().startsWith("JPEG") ? "image/jpeg" : "image/png";
            for (String endpoint : new String[] {"/api/score", "/api/decode"}) {
                resetHeapPeak();
                HttpResponse<String> r = post(client, server.uri().resolve(endpoint), type, bomb.getValue());
                String what = bomb.getKey() + " to " + endpoint;
                assertThat(r.statusCode()).as(what + ": " + r.body()).isEqualTo(400);
                String error = GSON.fromJson(r.body(), JsonObject.class).get("error").getAsString();
                assertThat(error).as(what).startsWith("upload").doesNotContain("\n").doesNotContain(tmp.toString());
                assertThat(heapPeak()).as(what + " peak heap").isLessThan(HEAP_BOUND);
            }
        }
        HttpResponse<String> good = post(client, server.uri().resolve("/api/score"), "image/png", ServeFixtures.png(8, 8));
        assertThat(good.statusCode()).as(good.body()).isEqualTo(200);
        assertThat(get(client, server.uri().resolve("/")).statusCode()).isEqualTo(200);
    }
}
