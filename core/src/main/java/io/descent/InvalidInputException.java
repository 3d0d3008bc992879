package io.descent;

/**
 * The one error Descent raises for bad input a user handed it: a malformed or truncated file, a wrong field,
 * an unparsable optimizer spec. The message names the source (file, option), the place in it (line, byte
 * offset, field) and what was expected, so the user can fix it without a stack trace. Readers throw nothing
 * else on bad input and never return partial data.
 */
public class InvalidInputException extends RuntimeException {
    /** An error line is read by a person: a forged 10 MB input must not become a 10 MB line. */
    public static final int MAX_MESSAGE = 1000;
    /** How much of a piece of user input a message quotes. */
    public static final int MAX_QUOTE = 80;
    /**
     * How much of the source a message keeps: whole paths (deep ones run past 80 characters) and the way a
     * reader counts its lines ("Spark partition 0; lines counted from byte 22 after the header"), but not a
     * forged megabyte-long name.
     */
    public static final int MAX_SOURCE = 500;

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
        return capped(capped(source, MAX_SOURCE) + (location == null || location.isEmpty() ? "" : ", " + location) + ": "
                + problem);
    }

    /** {@code text} in single quotes, its middle left out with an ellipsis when longer than {@value #MAX_QUOTE}. */
    public static String quote(String text) {
        return "'" + quoteCapped(text) + "'";
    }

    private static String quoteCapped(String text) {
        return capped(text, MAX_QUOTE);
    }

    /** {@code text} with its middle left out (an ellipsis) when longer than {@code max}: both ends tell most. */
    private static String capped(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int tail = max / 4;
        return text.substring(0, max - tail - 3) + "..." + text.substring(text.length() - tail);
    }

    /**
     * {@code message} cut to at most {@value #MAX_MESSAGE} characters: the start, an ellipsis and how long the
     * whole was. Every error line Descent prints goes through it.
     */
    public static String capped(String message) {
        if (message == null || message.length() <= MAX_MESSAGE) {
            return message;
        }
        String tail = "... (" + message.length() + " characters in all)";
        return message.substring(0, MAX_MESSAGE - tail.length()) + tail;
    }

    public String source() {
        return source;
    }

    public String location() {
        return location;
    }
}
