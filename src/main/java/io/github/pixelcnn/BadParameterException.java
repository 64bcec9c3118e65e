package io.github.pixelcnn;

/**
 * A library parameter has a value it cannot take. The message speaks of the parameter by its Java
 * name ({@code "keepRows must be in 0..28, got 30"}); a front end that exposes the parameter under
 * another name (the command line's {@code --keep-rows}) rewrites it from {@link #parameter()} and
 * {@link #problem()}.
 */
public class BadParameterException extends BadInputException {
    private static final long serialVersionUID = 1L;

    private final String parameter;
    private final String problem;

    /**
     * @param parameter the parameter's name as the Java API spells it
     * @param problem what is wrong with its value, without the name: {@code "must be positive"}
     */
    public BadParameterException(String parameter, String problem) {
        super(parameter + " " + problem);
        this.parameter = parameter;
        this.problem = problem;
    }

    public String parameter() {
        return parameter;
    }

    public String problem() {
        return problem;
    }
}
