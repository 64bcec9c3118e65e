package io.github.pixelcnn.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.CoreShare;
import io.github.pixelcnn.model.Conditioning;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The page that samples, completes and scores live, on the JDK's built-in HTTP server: its own
 * three files, and a JSON and event-stream API ({@code /api/…}) over one {@link ServedModel}.
 *
 * <p>Limits that keep one page or script from taking the machine: a request body limit (413), one
 * generation or scoring job on the model at a time with a short queue (503 and Retry-After
 * beyond), a bounded pool of request threads, uploads decoded through the CLI's image reader
 * from a private temporary folder.
 */
public final class PixelServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PixelServer.class);

    /**
     * @param bodyBytes the largest request body accepted
     * @param queued jobs that may wait while one runs on the model
     */
    public record Limits(int bodyBytes, int queued) {
        public static final Limits DEFAULT = new Limits(8 << 20, 3);

        public Limits {
            if (bodyBytes < 1024 || queued < 0) {
                throw new IllegalArgumentException("bodyBytes must be at least 1024 and queued not negative");
            }
        }
    }

    /** The names a page on this machine reaches a loopback server by. */
    private static final Set<String> LOCAL_NAMES = Set.of("localhost", "127.0.0.1", "[::1]");

    /** Request threads: enough for the queue's streams plus pages and refusals alongside. */
    private static final int THREADS = 16;

    private final HttpServer http;
    private final ExecutorService threads;
    private final Path uploadDir;
    private final Generation generation;
    private final JobGate gate;

    private PixelServer(HttpServer http, ExecutorService threads, Path uploadDir, Generation generation, JobGate gate) {
        this.http = http;
        this.threads = threads;
        this.uploadDir = uploadDir;
        this.generation = generation;
        this.gate = gate;
    }

    /**
     * Starts serving {@code served} on {@code address} (port 0: a free port, see {@link #uri()}).
     *
     * @throws BadInputException when the address cannot be bound
     */
    public static PixelServer start(ServedModel served, InetSocketAddress address, Limits limits) {
        HttpServer http;
        try {
            http = HttpServer.create(address, 64);
        } catch (IOException e) {
            throw new BadInputException(address.getHostString() + ":" + address.getPort() + ": cannot listen there ("
                    + e.getMessage() + ")", e);
        }
        Path uploadDir;
        try {
            uploadDir = Files.createTempDirectory("pixelcnn-serve-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            http.stop(0);
            throw new UncheckedIOException("cannot make a private temporary folder for uploads", e);
        }
        AtomicInteger count = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "serve-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        JobGate gate = new JobGate(limits.queued(), CoreShare.forThisProcess()::fitThisThread);
        Generation generation = new Generation(served, gate, limits.bodyBytes());
        Scoring scoring = new Scoring(served, gate, new Uploads(uploadDir), limits.bodyBytes());
        Assets assets = new Assets();
        http.createContext("/", wrap(assets::serve));
        http.createContext("/api/", wrap(ex -> {
            throw new HttpError(404, "no such API: " + ex.getRequestURI().getPath());
        }));
        http.createContext("/api/info", wrap(ex -> {
            Exchanges.requireMethod(ex, "GET");
            Exchanges.json(ex, 200, info(served));
        }));
        http.createContext("/api/images", wrap(ex -> {
            Exchanges.requireMethod(ex, "GET");
            Exchanges.json(ex, 200, testImages(served));
        }));
        http.createContext("/api/sample", wrap(generation::sample));
        http.createContext("/api/complete", wrap(generation::complete));
        http.createContext("/api/score", wrap(scoring::score));
        http.createContext("/api/decode", wrap(scoring::decode));
        if (served.runDir() != null) {
            TrainingView view = new TrainingView(served.runDir());
            http.createContext("/api/training", wrap(view::metrics));
            http.createContext("/api/training/grid", wrap(view::grid));
        }
        http.setExecutor(threads);
        http.start();
        return new PixelServer(http, threads, uploadDir, generation, gate);
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8080/}; loopback's when listening on every address. */
    public URI uri() {
        InetSocketAddress a = http.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
    }

    /** Streams that stopped because their page went away. */
    public int cancelledStreams() {
        return generation.cancelled();
    }

    /** Pixel events the last cancelled stream had sent when its sampler stopped; -1 before any. */
    public int lastCancelledAfterPixels() {
        return generation.lastCancelledAfter();
    }

    /** The most jobs that ran on the model at once. */
    public int peakRunningJobs() {
        return gate.peakRunning();
    }

    /** Stops listening, ends open streams (their samplers stop at the next pixel) and removes the upload folder. */
    @Override
    public void close() {
        http.stop(0);
        threads.shutdownNow();
        try (Stream<Path> files = Files.walk(uploadDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", uploadDir, e.getMessage());
        }
    }

    private interface Handler {
        void handle(HttpExchange ex) throws IOException;
    }

    /** Turns a handler's refusals into statuses with a JSON message, and anything else into a 500. */
    private static HttpHandler wrap(Handler handler) {
        return ex -> {
            try {
                String context = ex.getHttpContext().getPath();
                if (context.startsWith("/api/") && context.length() > 5 && !ex.getRequestURI().getRawPath().equals(context)) {
                    throw new HttpError(404, "no such API: " + ex.getRequestURI().getRawPath()); // contexts match prefixes
                }
                requireLocalHost(ex);
                handler.handle(ex);
            } catch (HttpError e) {
                respond(ex, e);
            } catch (BadInputException e) {
                respond(ex, new HttpError(400, e.getMessage()));
            } catch (RuntimeException | IOException e) {
                LOG.error("{} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
                respond(ex, new HttpError(500, "internal error: " + e));
            } finally {
                ex.close();
            }
        };
    }

    /**
     * On a loopback address, only requests addressed to this machine by name: a web page elsewhere
     * that rebinds its own host name to 127.0.0.1 (DNS rebinding) sends its own name and gets 403.
     */
    private static void requireLocalHost(HttpExchange ex) {
        if (!ex.getLocalAddress().getAddress().isLoopbackAddress()) {
            return; // --host chose to be reachable under other names
        }
        String host = ex.getRequestHeaders().getFirst("Host");
        String name = host == null ? "" : host.replaceFirst(":\\d+$", "").toLowerCase(Locale.ROOT);
        if (!LOCAL_NAMES.contains(name)) {
            throw new HttpError(403, "Host " + host + " is not this machine; open the page as http://127.0.0.1:PORT/");
        }
    }

    private static void respond(HttpExchange ex, HttpError e) {
        if (ex.getResponseCode() != -1) {
            return; // the headers are out already; a stream reports its own errors
        }
        try {
            Exchanges.error(ex, e);
        } catch (IOException gone) {
            // the client left before the answer
        }
    }

    private static Map<String, Object> info(ServedModel served) {
        var cfg = served.config();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", cfg.type().toString().toLowerCase(Locale.ROOT));
        out.put("conditioning", served.kind().toString().toLowerCase(Locale.ROOT));
        out.put("classes", served.classes());
        int[] shape = served.imageShape();
        out.put("channels", shape[0]);
        out.put("height", shape[1]);
        out.put("width", shape[2]);
        out.put("levels", cfg.levels());
        out.put("layers", cfg.layers());
        out.put("parameters", served.model().parameterCount());
        out.put("testImages", served.testImages() == null ? 0 : served.testImages().size());
        out.put("run", served.runDir() != null);
        out.put("maxImages", Generation.MAX_IMAGES);
        out.put("canSample", served.kind() != Conditioning.VECTOR);
        if (served.decoder() != null) {
            out.put("type", "prior over " + cfg.height() + "x" + cfg.width() + " VQ-VAE codes (K = " + cfg.levels() + ")");
        }
        return out;
    }

    private static Map<String, Object> testImages(ServedModel served) {
        Map<String, Object> out = new LinkedHashMap<>();
        var data = served.testImages();
        if (data == null) {
            out.put("images", new int[0][]);
            out.put("labels", new int[0]);
            return out;
        }
        int[] labels = new int[data.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = data.hasLabels() ? data.label(i) : -1;
        }
        out.put("images", Generation.split(data.pixels(), data.size()));
        out.put("labels", labels);
        return out;
    }
}
