package io.github.pixelcnn;

/**
 * A library parameter has an impossible value. The message speaks of the parameter by its name in
 * the builder ({@code "learningRate must be a positive number, got -1.0"}); {@link #parameter()}
 * lets a front end that calls it something else (a command-line flag) say so in its own words.
 */
public class InvalidParameterException extends BadInputException {
    private static final long serialVersionUID = 1L;

    private final String parameter;
    private final String problem;

    /**
     * @param parameter the parameter's name, e.g. {@code "batchSize"}
     * @param problem what is wrong with its value, e.g. {@code "must be at least 1, got 0"}
     */
    public InvalidParameterException(String parameter, String problem) {
        super(parameter + " " + problem);
        this.parameter = parameter;
        this.problem = problem;
    }

    public String parameter() {
        return parameter;
    }

    /** The message without the parameter's name. */
    public String problem() {
        return problem;
    }
}
