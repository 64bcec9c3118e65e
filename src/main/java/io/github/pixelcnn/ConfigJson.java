package io.github.pixelcnn;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;

/**
 * Reads an immutable config record from JSON, so that a record's own validation reaches the user
 * as it is: Gson wraps the exception a compact constructor throws, and this unwraps it.
 */
public final class ConfigJson {
    private ConfigJson() {}

    /**
     * @param what the config's name in messages, e.g. "model config"
     * @throws BadInputException naming {@code what}: empty JSON, not JSON, or the record's own refusal
     */
    public static <T> T parse(Gson gson, String json, Class<T> type, String what) {
        try {
            T config = gson.fromJson(json, type);
            if (config == null) {
                throw new BadInputException(what + ": empty JSON");
            }
            return config;
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BadInputException bad) {
                    throw bad;
                }
            }
            if (!(e instanceof JsonParseException)) {
                throw e;
            }
            throw new BadInputException(what + ": not valid JSON (" + e.getMessage() + ")", e);
        }
    }
}
