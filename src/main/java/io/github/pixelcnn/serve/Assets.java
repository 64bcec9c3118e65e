package io.github.pixelcnn.serve;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The page's own files, read from the jar once: a fixed table of URL paths, so no request can
 * name any other file ({@code ..}, encoded slashes and absolute paths all miss the table: 404).
 */
final class Assets {
    private record Asset(String type, byte[] bytes) {}

    private static final Map<String, String> FILES = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/app.js", "app.js",
            "/style.css", "style.css");

    private final Map<String, Asset> assets = new HashMap<>();

    Assets() {
        for (Map.Entry<String, String> e : FILES.entrySet()) {
            assets.put(e.getKey(), new Asset(type(e.getValue()), read(e.getValue())));
        }
    }

    void serve(HttpExchange ex) throws IOException {
        Exchanges.requireMethod(ex, "GET");
        Asset asset = assets.get(ex.getRequestURI().getRawPath());
        if (asset == null) {
            throw new HttpError(404, "not found");
        }
        ex.getResponseHeaders().set("Content-Security-Policy",
                "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'");
        Exchanges.send(ex, 200, asset.type(), asset.bytes());
    }

    private static String type(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        return name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
    }

    private static byte[] read(String name) {
        try (InputStream in = Assets.class.getResourceAsStream("/serve/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks the page's file serve/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
