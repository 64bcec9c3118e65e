package io.github.pixelcnn.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.github.pixelcnn.cli.Main;
import io.github.pixelcnn.data.IdxFile;
import io.github.pixelcnn.train.Checkpoint;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real browser: Debian's chromium, headless, driven through its chromedriver (no
 * download). It samples, waits for the stream's end and compares the canvas with {@code pixelcnn
 * sample}'s image for the same seed, then completes, scores an upload and opens the training
 * view; a screenshot of each view goes to {@code target/serve-*.png}.
 *
 * <p>By default the model is a tiny run trained here; {@code -Dserve.run=DIR} points it at a real
 * run instead (how the README's screenshots and timings are made).
 */
class ServeBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Gson GSON = new Gson();

    @TempDir static Path tmp;
    static Path run;
    static NDManager manager;
    static PixelServer server;
    static WebDriver driver;

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM), "no /usr/bin/chromium: apt-get install chromium chromium-driver"
                + " (.ci/run does) to run the browser test");
        assertThat(CHROMEDRIVER).as("chromium is here, so its driver must be too (Debian's chromium-driver)")
                .isExecutable();
        String given = System.getProperty("serve.run");
        run = given != null ? Path.of(given) : ServeFixtures.trainedRun(tmp);
        manager = NDManager.newBaseManager();
        Checkpoint ckpt = Checkpoint.read(run.resolve("checkpoint.ckpt"));
        var model = ckpt.restoreModel(manager);
        var cfg = model.config();
        var tests = given != null ? testSplit(run, cfg) : io.github.pixelcnn.data.ImageInput.read(
                run.resolveSibling("data").resolve("t10k-images-idx3-ubyte.gz"), 1, 8, 8);
        server = PixelServer.start(new ServedModel(model, manager, ckpt.classPrior(), tests, run),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), PixelServer.Limits.DEFAULT);

        // Nothing may be downloaded: the driver and browser paths are given, Selenium Manager stays offline.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        System.setProperty("SE_OFFLINE", "true");
        System.setProperty("se.offline", "true");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1300,860",
                "--user-data-dir=" + Files.createTempDirectory(tmp, "chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    /** The run's IDX test split, as serve --run finds it. */
    private static io.github.pixelcnn.data.ImageDataset testSplit(Path run, io.github.pixelcnn.model.ModelConfig cfg)
            throws IOException {
        JsonObject config = GSON.fromJson(Files.readString(run.resolve("config.json")), JsonObject.class);
        String name = config.getAsJsonObject("data").get("name").getAsString().replace(" (train)", "");
        return io.github.pixelcnn.data.ImageInput.read(Path.of(name).resolve("t10k-images-idx3-ubyte.gz"),
                cfg.imageChannels(), cfg.height(), cfg.width()).head(32);
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
            manager.close();
        }
    }

    private static WebDriverWait waiting(int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds));
    }

    private static void screenshot(String name) throws IOException {
        Path target = Path.of("target", "serve-" + name + ".png");
        Files.createDirectories(target.getParent());
        Path shot = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Clicks the button and waits for the status's {@code data-done}; returns the page's click-to-image time. */
    private static long drawAndWait(String view) {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        driver.findElement(By.id(view + "-go")).click();
        waiting(300).until(d -> {
            Object done = js.executeScript("return document.getElementById(arguments[0]).dataset.done || "
                    + "(document.getElementById(arguments[0]).classList.contains('error') ? 'error' : null)", view + "-status");
            return done != null;
        });
        assertThat(driver.findElement(By.id(view + "-status")).getAttribute("class")).as(
                driver.findElement(By.id(view + "-status")).getText()).doesNotContain("error");
        return Long.parseLong(driver.findElement(By.id(view + "-status")).getAttribute("data-ms"));
    }

    @Test
    void thePageDrawsTheSampleCommandsImagesAndEveryViewWorks() throws IOException {
        driver.get(server.uri().toString());
        waiting(60).until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
        JsonObject info = GSON.fromJson(ServeFixtures.get(HttpClient.newHttpClient(), server.uri().resolve("/api/info")).body(),
                JsonObject.class);
        int h = info.get("height").getAsInt();
        int w = info.get("width").getAsInt();
        int c = info.get("channels").getAsInt();
        boolean classes = info.get("conditioning").getAsString().equals("class");

        // One sample, then a 4×4 grid, each compared with pixelcnn sample's images for the same seed;
        // twice, since the first pass also warms the JVM and libtorch up.
        for (int pass = 1; pass <= 2; pass++) {
            for (int n : new int[] {1, 16}) {
                sampleAndCompare(pass, n, h, w, c, classes);
            }
        }

        // Complete: the first test image, its bottom half forgotten, four completions.
        driver.findElement(By.cssSelector("[data-view=complete]")).click();
        driver.findElement(By.id("complete-bottom")).click();
        drawAndWait("complete");
        screenshot("complete");

        // Score: an uploaded PNG of a test image gets bits/dim and a heatmap.
        Path png = tmp.resolve("upload.png");
        ImageIO.write(firstTestImage(GSON.fromJson(ServeFixtures.get(HttpClient.newHttpClient(),
                server.uri().resolve("/api/images")).body(), JsonObject.class), h, w, c), "png", png.toFile());
        driver.findElement(By.cssSelector("[data-view=score]")).click();
        driver.findElement(By.id("score-file")).sendKeys(png.toString());
        waiting(120).until(d -> d.findElement(By.id("score-status")).getText().contains("bits/dim")
                || d.findElement(By.id("score-status")).getAttribute("class").contains("error"));
        assertThat(driver.findElement(By.id("score-status")).getText()).contains("upload.png").contains("bits/dim");
        assertThat(driver.findElements(By.cssSelector("#score-results figure"))).hasSize(1);
        screenshot("score");

        // Training: the run's curve and latest grid.
        driver.findElement(By.cssSelector("[data-view=training]")).click();
        waiting(60).until(d -> d.findElement(By.id("training-status")).getText().contains("metric rows"));
        screenshot("training");
    }

    /** Samples n images on the page and compares the canvas with pixelcnn sample's for the same class and seed. */
    private static void sampleAndCompare(int pass, int n, int h, int w, int c, boolean classes) throws IOException {
        if (classes) {
            new Select(driver.findElement(By.id("sample-class"))).selectByValue("1");
        }
        type("sample-seed", "7");
        new Select(driver.findElement(By.id("sample-n"))).selectByValue(Integer.toString(n));
        long ms = drawAndWait("sample");
        System.out.printf(Locale.ROOT, "serve browser, pass %d: %d image(s) %dx%dx%d, %d ms from click to full image%n",
                pass, n, h, w, c, ms);
        assertThat(driver.findElement(By.id("sample-status")).getAttribute("data-events"))
                .isEqualTo(Integer.toString(c * h * w));
        byte[] expected = cliSample(classes, n);
        int cols = n == 1 ? 1 : (int) Math.ceil(Math.sqrt(n));
        List<?> rgba = (List<?>) ((JavascriptExecutor) driver).executeScript(
                "const c = document.getElementById('sample-canvas');"
                        + "return Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data);");
        long canvasWidth = (Long) ((JavascriptExecutor) driver).executeScript(
                "return document.getElementById('sample-canvas').width;");
        int plane = h * w;
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < 3; ch++) {
                for (int p = 0; p < plane; p++) {
                    int y = p / w;
                    int x = p % w;
                    long px = ((long) (i / cols) * (h + 2) + y) * canvasWidth + (long) (i % cols) * (w + 2) + x;
                    int value = ((Number) rgba.get((int) (4 * px + ch))).intValue();
                    int want = expected[i * c * plane + (c == 1 ? 0 : ch) * plane + p] & 0xff;
                    assertThat(value).as("image %d colour %d pixel (%d, %d)", i, ch, y, x).isEqualTo(want);
                }
            }
        }
        screenshot(n == 1 ? "sample" : "sample-grid");
    }

    /** Test image 0 as a PNG (gray, or RGB for a colour model). */
    private static BufferedImage firstTestImage(JsonObject images, int h, int w, int c) {
        var levels = images.getAsJsonArray("images").get(0).getAsJsonArray();
        BufferedImage image = new BufferedImage(w, h, c == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                if (c == 1) {
                    image.getRaster().setSample(x, y, 0, levels.get(p).getAsInt());
                } else {
                    int r = levels.get(p).getAsInt();
                    int g = levels.get(h * w + p).getAsInt();
                    int b = levels.get(2 * h * w + p).getAsInt();
                    image.setRGB(x, y, (r << 16) | (g << 8) | b);
                }
            }
        }
        return image;
    }

    private static byte[] cliSample(boolean classes, int n) {
        Path raw = tmp.resolve("cli-" + n + ".idx");
        String[] args = classes
                ? new String[] {"sample", "--run", run.toString(), "--class", "1", "--n", Integer.toString(n), "--seed", "7",
                        "--out", tmp.resolve("cli-" + n + ".png").toString(), "--raw", raw.toString()}
                : new String[] {"sample", "--run", run.toString(), "--n", Integer.toString(n), "--seed", "7",
                        "--out", tmp.resolve("cli-" + n + ".png").toString(), "--raw", raw.toString()};
        assertThat(Main.run(args)).isZero();
        return IdxFile.read(raw, 3).data();
    }

    /** Types into a field, replacing what it held. */
    private static void type(String id, String text) {
        var field = driver.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }
}
