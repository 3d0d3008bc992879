package io.descent;

/**
 * The one error Descent raises for bad input a user handed it: a malformed or truncated file, a wrong field,
 * an unparsable optimizer spec. The message names the source (file, option), the place in it (line, byte
 * offset, field) and what was expected, so the user can fix it without a stack trace. Readers throw nothing
 * else on bad input and never return partial data.
 */
public class InvalidInputException extends RuntimeException {
    private final String source;
    private final String location;

    /**
     * @param source   the file or option the input came from, e.g. {@code "train-images-idx3-ubyte.gz"}
     * @param location where in it, e.g. {@code "byte 16"}, {@code "line 12, field 'label'"}; may be empty
     * @param problem  what is wrong and what was expected
     */
    public InvalidInputException(String source, String location, String problem) {
        super(format(source, location, problem));
        this.source = source;
        this.location = location;
    }

    public InvalidInputException(String source, String location, String problem, Throwable cause) {
        super(format(source, location, problem), cause);
        this.source = source;
        this.location = location;
    }

    private static String format(String source, String location, String problem) {
        return source + (location == null || location.isEmpty() ? "" : ", " + location) + ": " + problem;
    }

    public String source() {
        return source;
    }

    public String location() {
        return location;
    }
}
