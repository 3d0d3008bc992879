package io.descent.data;

import io.descent.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the first line of a CSV file is a header, decided from the line itself, the one rule {@code train},
 * {@code eval} and {@code predict} share: a line whose fields are all numbers is a row of data, one whose fields are
 * all non-numbers is a header, and a line that mixes them is refused (a header line with a numeric name, or a data
 * row with a typo: guessing either way would drop a row or read a name as data).
 */
public final class CsvHeaderLine {
    private CsvHeaderLine() {
    }

    /**
     * @param source     the file, for the message
     * @param lineNumber the line's number (1-based), for the message
     * @throws InvalidInputException when the line mixes numbers and names
     */
    public static boolean isHeader(String source, long lineNumber, String line, char delimiter) {
        String[] fields = line.split(java.util.regex.Pattern.quote(String.valueOf(delimiter)), -1);
        int firstName = -1;
        int firstNumber = -1;
        for (int i = 0; i < fields.length; i++) {
            if (isNumber(fields[i])) {
                firstNumber = firstNumber < 0 ? i : firstNumber;
            } else {
                firstName = firstName < 0 ? i : firstName;
            }
        }
        if (firstName >= 0 && firstNumber >= 0) {
            throw new InvalidInputException(source, "line " + lineNumber, "neither a header nor a row of numbers: field "
                    + (firstName + 1) + " '" + clip(fields[firstName]) + "' is not a number but field " + (firstNumber + 1)
                    + " '" + clip(fields[firstNumber]) + "' is; a header names every column, a data row holds numbers only");
        }
        return firstName >= 0;
    }

    /** {@link #isHeader} of the file's first non-blank line; false for a file of blank lines only. */
    public static boolean firstLineIsHeader(Path file, char delimiter) {
        String source = file.toString();
        try (InputStream in = Files.newInputStream(file)) {
            LineScanner lines = new LineScanner(in, source); // bounded: a line is at most 64 MiB
            while (lines.next()) {
                String line = new String(lines.buffer(), lines.start(), lines.end() - lines.start(), StandardCharsets.UTF_8);
                if (!line.isBlank()) {
                    return isHeader(source, lines.lineNumber(), line, delimiter);
                }
            }
            return false;
        } catch (IOException e) {
            throw new InvalidInputException(source, "", "cannot read: " + e, e);
        }
    }

    private static boolean isNumber(String field) {
        String s = field.strip();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1).strip();
        }
        if (s.isEmpty() || !(Character.isDigit(s.charAt(0)) || "+-.".indexOf(s.charAt(0)) >= 0
                || s.equals("NaN") || s.startsWith("Infinity"))) {
            return false; // a number starts with a digit, a sign or a point (or is NaN, Infinity)
        }
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String clip(String s) {
        String t = s.strip();
        return t.length() <= 40 ? t : t.substring(0, 40) + "...";
    }
}
