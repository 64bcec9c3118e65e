package io.github.pixelcnn.serve;

/** A request the server refuses with a status and one line the page shows. */
final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;
    final long retryAfterSeconds;

    HttpError(int status, String message) {
        this(status, message, 0);
    }

    HttpError(int status, String message, long retryAfterSeconds) {
        super(message);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }
}
