package io.github.pixelcnn.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.AtomicFile;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.model.ModelConfig;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * What a run's {@code config.json} records and the checks made against it: the model, the latest
 * session's training settings, a fingerprint of the training images (name, count, CRC-32 of every
 * pixel) and, for each resumption, the step it resumed at and its settings.
 */
final class RunRecord {
    static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .disableHtmlEscaping().create();

    private RunRecord() {}

    /** Writes config.json; a resumed run keeps what is there and adds its resumption. */
    static void write(RunDirectory run, ModelConfig model, TrainConfig training, ImageDataset train, Checkpoint resumed) {
        JsonObject root = resumed != null ? run.readConfig().orElseGet(JsonObject::new) : new JsonObject();
        root.add("model", JsonParser.parseString(model.toJson()));
        root.add("training", GSON.toJsonTree(training));
        if (!root.has("data")) {
            root.add("data", fingerprint(train));
        }
        if (resumed != null) {
            JsonArray resumes = root.has("resumes") ? root.getAsJsonArray("resumes") : new JsonArray();
            JsonObject resumption = new JsonObject();
            resumption.addProperty("step", resumed.state().step());
            resumption.addProperty("epoch", resumed.state().epoch());
            resumption.add("training", GSON.toJsonTree(training));
            resumes.add(resumption);
            root.add("resumes", resumes);
        }
        byte[] json = (GSON.toJson(root) + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(run.config(), out -> out.write(json));
    }

    /** Refuses training images other than those the run recorded (runs from before the record pass). */
    static void requireSameData(RunDirectory run, ImageDataset train) {
        JsonObject data = run.readConfig().map(c -> c.getAsJsonObject("data")).orElse(null);
        if (data == null) {
            return; // written before runs recorded their data
        }
        JsonObject now = fingerprint(train);
        if (!now.get("images").equals(data.get("images")) || !now.get("crc32").equals(data.get("crc32"))) {
            throw new BadInputException(String.format(Locale.ROOT,
                    "%s: these are not the images the run was trained on (%s: %s images, CRC-32 %s; now %s: %s"
                            + " images, CRC-32 %s)", run.dir(), data.get("name").getAsString(), data.get("images"),
                    data.get("crc32").getAsString(), train.name(), now.get("images"),
                    now.get("crc32").getAsString()));
        }
    }

    /** What identifies the training images: their name, count and a CRC-32 of every pixel. */
    static JsonObject fingerprint(ImageDataset train) {
        CRC32 crc = new CRC32();
        crc.update(train.pixels());
        JsonObject data = new JsonObject();
        data.addProperty("name", train.name());
        data.addProperty("images", train.size());
        data.addProperty("crc32", String.format(Locale.ROOT, "%08x", crc.getValue()));
        return data;
    }

    /** {@code "layers: the run has 3, asked for 5"} for each component where the two configs differ. */
    static List<String> differences(ModelConfig run, ModelConfig asked) {
        List<String> out = new ArrayList<>();
        for (RecordComponent c : ModelConfig.class.getRecordComponents()) {
            try {
                Object a = c.getAccessor().invoke(run);
                Object b = c.getAccessor().invoke(asked);
                if (!a.equals(b)) {
                    out.add(c.getName() + ": the run has " + a + ", asked for " + b);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }
}
