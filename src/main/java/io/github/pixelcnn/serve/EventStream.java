package io.github.pixelcnn.serve;

import com.sun.net.httpserver.HttpExchange;
import io.github.pixelcnn.sample.DrawListener;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A Server-Sent Events response: {@code event: NAME} and one {@code data:} line of JSON per event,
 * flushed at once. A write that fails means the page went away (tab closed, stream aborted): it
 * becomes {@link Cancelled}, which a {@link DrawListener} throws into the sampler to stop it.
 */
final class EventStream {
    /** The client is gone; whatever produced the events should stop. */
    static final class Cancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Cancelled(IOException cause) {
            super("the client closed the stream", cause);
        }
    }

    private final OutputStream out;
    private int pixelEvents;

    /** Sends the headers (200, text/event-stream, chunked); events follow. */
    EventStream(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(200, 0);
        out = ex.getResponseBody();
    }

    void send(String event, Object data) {
        write("event: " + event + "\ndata: " + Exchanges.GSON.toJson(data) + "\n\n");
    }

    /** A comment line: ignored by the page, but it finds out early whether the client is still there. */
    void comment(String text) {
        write(": " + text + "\n\n");
    }

    /**
     * A listener that sends {@code event: pixel} with {@code {"y","x","c","v":[value of each image]}}
     * for every drawn sub-pixel of n images of {@code dims} sub-pixels, {@code plane = H·W}.
     */
    DrawListener pixels(int n, int dims, int plane, int width) {
        return (y, x, ch, images) -> {
            StringBuilder s = new StringBuilder(48 + 4 * n);
            s.append("event: pixel\ndata: {\"y\":").append(y).append(",\"x\":").append(x).append(",\"c\":").append(ch)
                    .append(",\"v\":[");
            int offset = ch * plane + y * width + x;
            for (int i = 0; i < n; i++) {
                s.append(i == 0 ? "" : ",").append(images[i * dims + offset] & 0xff);
            }
            write(s.append("]}\n\n").toString());
            pixelEvents++;
        };
    }

    int pixelEvents() {
        return pixelEvents;
    }

    private void write(String text) {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new Cancelled(e);
        }
    }

    /** Ends the response; a client already gone is no error. */
    void close() {
        try {
            out.close();
        } catch (IOException e) {
            // the client left after the last event: nothing more to tell it
        }
    }
}
