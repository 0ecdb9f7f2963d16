package dev.gatehouse.prompts.template;

/** A template text that does not parse, with the character (1-based) where the problem starts. */
public final class TemplateSyntaxException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int position;
    private final String problem;

    TemplateSyntaxException(int position, String message) {
        super(message + " at character " + position, null, false, false);
        this.position = position;
        this.problem = message + " at character " + position;
    }

    /** What is wrong and where, as the config and the admin API report it. */
    public String problem() {
        return problem;
    }

    /** The 1-based character where the problem starts. */
    public int position() {
        return position;
    }
}
