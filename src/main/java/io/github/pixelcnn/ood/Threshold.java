package io.github.pixelcnn.ood;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * A deployable decision rule: flag an image when its {@code score} exceeds {@code value}. The
 * value is calibrated on in-distribution images only, as the {@code 1 - falseAlarmRate} quantile of
 * their scores, so at most that fraction of them is flagged; no out-of-distribution image is
 * needed, and none is used. It remembers the models it was calibrated with, by name and CRC-32 of
 * their checkpoints, and refuses other ones: a threshold is meaningful for one pair of models only.
 *
 * @param score which score it thresholds
 * @param value flag when {@code score > value}
 * @param falseAlarmRate the fraction of in-distribution images it may flag, e.g. 0.05
 * @param flaggedInCalibration the fraction of the calibration images it flags (≤ falseAlarmRate)
 * @param calibrationImages how many in-distribution images set it
 * @param calibrationSet where they came from
 * @param model the model's source as given (a pretrained name or a path)
 * @param modelCrc32 the model checkpoint's CRC-32, 8 hex digits
 * @param background the background model's source, or null for scores that need none
 * @param backgroundCrc32 its checkpoint's CRC-32, or null
 */
public record Threshold(OodScore score, double value, double falseAlarmRate, double flaggedInCalibration,
        int calibrationImages, String calibrationSet, String model, String modelCrc32, String background,
        String backgroundCrc32) {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    public Threshold {
        if (score == null || model == null || modelCrc32 == null) {
            throw new BadInputException("threshold: score, model and modelCrc32 are required");
        }
        if (!(falseAlarmRate > 0 && falseAlarmRate < 1)) {
            throw new BadInputException("threshold: the false-alarm rate must be in (0, 1), got " + falseAlarmRate);
        }
        if (!Double.isFinite(value)) {
            throw new BadInputException("threshold: value must be a finite number, got " + value);
        }
        if (score == OodScore.RATIO && (background == null || backgroundCrc32 == null)) {
            throw new BadInputException("threshold: the likelihood ratio needs the background model it was calibrated with");
        }
    }

    /**
     * Calibrates a threshold on the scores of in-distribution images only ({@link #quantile}).
     *
     * @param normal the scores of held-out in-distribution images
     */
    public static Threshold calibrate(double[] normal, OodScore score, double falseAlarmRate, String calibrationSet,
            String model, String modelCrc32, String background, String backgroundCrc32) {
        double value = quantile(normal, falseAlarmRate);
        boolean ratio = score == OodScore.RATIO;
        return new Threshold(score, value, falseAlarmRate, flaggedFraction(normal, value), normal.length,
                calibrationSet, model, modelCrc32, ratio ? background : null, ratio ? backgroundCrc32 : null);
    }

    /**
     * {@code count} distinct indices of {@code 0 … size-1} drawn with {@code seed} (all of them,
     * in order, for {@code count} 0 or at least {@code size}): the calibration images.
     */
    public static int[] sample(int size, int count, long seed) {
        int n = count == 0 ? size : Math.min(count, size);
        int[] all = new int[size];
        Arrays.setAll(all, i -> i);
        if (n == size) {
            return all;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) { // a partial Fisher-Yates shuffle
            int j = i + random.nextInt(size - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] chosen = Arrays.copyOf(all, n);
        Arrays.sort(chosen);
        return chosen;
    }

    /**
     * The smallest value that flags at most {@code falseAlarmRate} of {@code normal}: with the
     * scores sorted ascending and {@code k = ⌊rate · n⌋}, the (n−k)-th; ties at it are not flagged,
     * so the rate is never exceeded on these images.
     */
    public static double quantile(double[] normal, double falseAlarmRate) {
        if (normal.length == 0) {
            throw new BadInputException("threshold: no in-distribution images to calibrate on");
        }
        if (!(falseAlarmRate > 0 && falseAlarmRate < 1)) {
            throw new BadInputException("threshold: the false-alarm rate must be in (0, 1), got " + falseAlarmRate);
        }
        double[] s = normal.clone();
        Arrays.sort(s);
        int k = (int) Math.floor(falseAlarmRate * s.length + 1e-9);
        return s[s.length - 1 - k];
    }

    /** The fraction of {@code scores} above {@code value}. */
    public static double flaggedFraction(double[] scores, double value) {
        int above = 0;
        for (double v : scores) {
            if (v > value) {
                above++;
            }
        }
        return (double) above / scores.length;
    }

    /** Whether an image with this score is flagged. */
    public boolean flags(double imageScore) {
        return imageScore > value;
    }

    /** Refuses, in one line, models other than those this threshold was calibrated with. */
    public void requireModels(String modelCrc, String backgroundCrc, Path file) {
        if (!modelCrc32.equals(modelCrc)) {
            throw new BadInputException(file + ": calibrated for the model " + model + " (CRC-32 " + modelCrc32
                    + "), given another (CRC-32 " + modelCrc + "); calibrate again with this model");
        }
        if (score == OodScore.RATIO && backgroundCrc == null) {
            throw new BadInputException(file + ": thresholds the likelihood ratio; give its background model "
                    + background + " with --background");
        }
        if (score == OodScore.RATIO && !backgroundCrc32.equals(backgroundCrc)) {
            throw new BadInputException(file + ": calibrated for the background model " + background + " (CRC-32 "
                    + backgroundCrc32 + "), given another (CRC-32 " + backgroundCrc + "); calibrate again");
        }
    }

    public void write(Path file) {
        byte[] json = (GSON.toJson(this) + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(file, out -> out.write(json));
    }

    public static Threshold read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such threshold file; write one with ood --calibrate FILE");
        }
        try {
            Threshold t = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), Threshold.class);
            if (t == null) {
                throw new BadInputException(file + ": empty threshold file");
            }
            return new Threshold(t.score, t.value, t.falseAlarmRate, t.flaggedInCalibration, t.calibrationImages,
                    t.calibrationSet, t.model, t.modelCrc32, t.background, t.backgroundCrc32);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        } catch (JsonParseException e) {
            throw new BadInputException(file + ": not a threshold file (" + e.getMessage() + ")", e);
        } catch (BadInputException e) {
            throw new BadInputException(file + ": " + e.getMessage(), e);
        }
    }

    /** A checkpoint's CRC-32 as 8 hex digits: which model a threshold belongs to. */
    public static String crc32(Path checkpoint) {
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(checkpoint)) {
            for (int r; (r = in.read(buffer)) > 0; ) {
                crc.update(buffer, 0, r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(checkpoint + ": cannot read: " + e.getMessage(), e);
        }
        return String.format(Locale.ROOT, "%08x", crc.getValue());
    }
}
