package io.github.pixelcnn.serve;

import com.google.gson.Gson;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The few things every handler does with an exchange: read a bounded body, parse a query, answer JSON. */
final class Exchanges {
    static final Gson GSON = new Gson();

    private Exchanges() {}

    static void requireMethod(HttpExchange ex, String method) {
        if (!ex.getRequestMethod().equalsIgnoreCase(method)) {
            throw new HttpError(405, ex.getRequestURI().getPath() + " takes " + method);
        }
    }

    /** The query's parameters, decoded; a repeated name keeps its last value. */
    static Map<String, String> query(HttpExchange ex) {
        Map<String, String> out = new HashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return out;
    }

    /**
     * The request body, refused with 413 beyond {@code limit} bytes: by its declared length before
     * anything is read, else once the limit is passed while reading.
     */
    static byte[] body(HttpExchange ex, int limit) throws IOException {
        String declared = ex.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > limit) {
                    throw tooLarge(limit);
                }
            } catch (NumberFormatException e) {
                throw new HttpError(400, "bad Content-Length: " + declared);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = ex.getRequestBody()) {
            for (int read; (read = in.read(buffer)) >= 0; ) {
                if (out.size() + read > limit) {
                    throw tooLarge(limit);
                }
                out.write(buffer, 0, read);
            }
        } catch (IOException e) {
            // The client sent less than it declared, or went away: its fault, not the server's.
            throw new HttpError(400, String.format(Locale.ROOT, "the request body ended after %,d bytes%s; send it"
                    + " whole", out.size(), declared == null ? "" : " of the " + declared.trim() + " declared"));
        }
        return out.toByteArray();
    }

    private static HttpError tooLarge(int limit) {
        return new HttpError(413, String.format(Locale.ROOT, "request body over the limit of %.1f MB",
                limit / (1024.0 * 1024.0)));
    }

    /** The media type without parameters, lower case; "" when absent. */
    static String contentType(HttpExchange ex) {
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type == null) {
            return "";
        }
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    static void json(HttpExchange ex, int status, Object body) throws IOException {
        send(ex, status, "application/json; charset=utf-8", GSON.toJson(body).getBytes(StandardCharsets.UTF_8));
    }

    static void error(HttpExchange ex, HttpError e) throws IOException {
        if (e.retryAfterSeconds > 0) {
            ex.getResponseHeaders().set("Retry-After", Long.toString(e.retryAfterSeconds));
        }
        json(ex, e.status, Map.of("error", e.getMessage()));
    }

    static void send(HttpExchange ex, int status, String contentType, byte[] bytes) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
