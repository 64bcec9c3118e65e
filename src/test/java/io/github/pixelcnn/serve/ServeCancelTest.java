package io.github.pixelcnn.serve;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A page that goes away stops its sampler: the stream is cancelled at the next pixel and the model is free again. */
class ServeCancelTest {

    @Test
    void closingTheStreamStopsTheSampler() throws IOException, InterruptedException {
        try (NDManager manager = NDManager.newBaseManager();
                PixelServer server = PixelServer.start(ServeFixtures.slow(manager),
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), PixelServer.Limits.DEFAULT)) {
            int pixels = 0;
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.uri().getPort())) {
                s.getOutputStream().write(("GET /api/sample?n=16&seed=3 HTTP/1.1\r\nHost: localhost\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                for (String line; pixels < 20 && (line = in.readLine()) != null; ) {
                    if (line.equals("event: pixel")) {
                        pixels++;
                    }
                }
            } // the tab closes
            assertThat(pixels).isEqualTo(20);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (server.cancelledStreams() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(server.cancelledStreams()).as("cancelled streams").isEqualTo(1);
            assertThat(server.lastCancelledAfterPixels()).as("pixels sent before the sampler stopped")
                    .isBetween(20, 28 * 28 - 1);
            // The job's place is free: the next request runs to the end.
            var r = ServeFixtures.get(HttpClient.newHttpClient(), server.uri().resolve("/api/sample?n=1&seed=3"));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("event: done");
        }
    }
}
