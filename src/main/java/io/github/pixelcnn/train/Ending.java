package io.github.pixelcnn.train;

/**
 * How a training session ended, and where: what {@link TrainingRun#train()} returns, so that a
 * caller need not watch the listener to learn that the run was stopped.
 *
 * @param kind completed (its stopping rule: steps, epochs or minutes), stopped (a stop request,
 *     Ctrl-C or SIGTERM; the checkpoint is written) or diverged (non-finite steps in a row)
 * @param state the state it ended in; for a diverged run, the last step taken
 * @param divergence what diverged, for {@link Kind#DIVERGED}; null otherwise
 */
public record Ending(Kind kind, TrainState state, TrainingDivergedException divergence) {
    /** The three ways a session ends. */
    public enum Kind {
        COMPLETED,
        STOPPED,
        DIVERGED
    }

    public Ending {
        if ((kind == Kind.DIVERGED) != (divergence != null)) {
            throw new IllegalArgumentException("ending: a divergence goes with DIVERGED, and only with it");
        }
    }

    public boolean completed() {
        return kind == Kind.COMPLETED;
    }

    public boolean stopped() {
        return kind == Kind.STOPPED;
    }

    /** This ending's state, or the divergence thrown: for callers with nothing else to do on it. */
    public TrainState orThrow() {
        if (divergence != null) {
            throw divergence;
        }
        return state;
    }
}
