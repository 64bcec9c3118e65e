package io.github.pixelcnn;

/**
 * A user's input is wrong: a malformed file, mismatched shapes, an impossible setting.
 *
 * <p>The message names the thing and the fault in one line (for example {@code
 * "train-images-idx3-ubyte.gz: bad magic 0x00000000, expected 0x00000803"}), so the command line
 * can print it as it is and exit with code 2.
 */
public class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
