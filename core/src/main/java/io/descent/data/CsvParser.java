package io.descent.data;

import io.descent.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Parses lines of a CSV file in two steps: {@link #split} finds the fields of a line (quotes allowed, on
 * one line) and checks their number, {@link #parse} turns them into features and a label. Field bounds go
 * into reused arrays; nothing is allocated per line.
 */
final class CsvParser {
    private final CsvFormat format;
    private final String source;
    private String[] names;
    private int columns = -1;
    private int label = -1;
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private int count;
    private byte[] line;
    private long lineNumber;
    private int lineStart;

    CsvParser(CsvFormat format, String source) {
        this.format = format;
        this.source = source;
    }

    /** Reads the header line: the column names, hence the number of columns and the label's position. */
    void header(byte[] b, int s, int e, long number) {
        if (!splitFields(b, s, e, number)) {
            throw new InvalidInputException(source, "line " + number, "empty header line; expected column names");
        }
        names = new String[count];
        for (int i = 0; i < count; i++) {
            names[i] = new String(b, starts[i], ends[i] - starts[i], StandardCharsets.UTF_8).replace("\"\"", "\"");
        }
        columns = count;
        resolveLabel(number);
    }

    /** Number of feature columns (columns minus the label); known after the header or the first row. */
    int features() {
        return columns - 1;
    }

    /** Splits a data line into fields; false for a blank line. Checks the count against the header or first row. */
    boolean split(byte[] b, int s, int e, long number) {
        if (!splitFields(b, s, e, number)) {
            return false;
        }
        if (columns < 0) {
            columns = count;
            resolveLabel(number);
        } else if (count != columns) {
            throw new InvalidInputException(source, "line " + number, count + " fields, expected " + columns
                    + (names != null ? " as in the header" : " as in the first row"));
        }
        return true;
    }

    /** Finds the field bounds of a line; false for a blank line. */
    private boolean splitFields(byte[] b, int s, int e, long number) {
        if (number == 1 && e - s >= 3 && b[s] == (byte) 0xEF && b[s + 1] == (byte) 0xBB && b[s + 2] == (byte) 0xBF) {
            s += 3; // the UTF-8 byte order mark that spreadsheet programs write
        }
        line = b;
        lineNumber = number;
        lineStart = s;
        count = 0;
        int pos = skipBlanks(b, s, e);
        if (pos == e) {
            return false;
        }
        pos = s;
        char d = format.delimiter();
        while (true) {
            pos = skipBlanks(b, pos, e);
            int fs;
            int fe;
            if (pos < e && b[pos] == '"') {
                fs = ++pos;
                while (pos < e && !(b[pos] == '"' && (pos + 1 == e || b[pos + 1] != '"'))) {
                    pos += b[pos] == '"' ? 2 : 1;
                }
                if (pos >= e) {
                    throw error(count, "a quoted field is not closed on its line (fields may not span lines)");
                }
                fe = pos;
                pos = skipBlanks(b, pos + 1, e);
                if (pos < e && b[pos] != d) {
                    throw error(count, "text after the closing quote of a field");
                }
            } else {
                fs = pos;
                while (pos < e && b[pos] != d) {
                    pos++;
                }
                fe = pos;
                while (fe > fs && isBlank(b[fe - 1])) {
                    fe--;
                }
            }
            add(fs, fe);
            if (pos >= e) {
                break;
            }
            pos++; // past the delimiter
        }
        return true;
    }

    /** Writes the features of the line just split into {@code out[at ..]} and returns its label. */
    float parse(float[] out, int at) {
        float labelValue = 0;
        int k = at;
        for (int i = 0; i < count; i++) {
            float v = number(i);
            if (i == label) {
                if (format.classes() && !Numbers.isClassIndex(v)) {
                    throw error(i, "label '" + text(i) + "' is not a class index (a non-negative integer); -1/+1 labels are for the log and hinge losses");
                }
                labelValue = v;
            } else {
                out[k++] = v;
            }
        }
        return labelValue;
    }

    private float number(int i) {
        if (starts[i] == ends[i]) {
            throw error(i, "empty field; expected a number");
        }
        float v = Numbers.parseFloat(line, starts[i], ends[i]);
        if (Float.isNaN(v)) {
            throw error(i, "'" + text(i) + "' is not a number");
        }
        if (Float.isInfinite(v)) {
            throw error(i, "'" + text(i) + "' is outside the float range");
        }
        return v;
    }

    private void resolveLabel(long number) {
        if (format.labelName() != null) {
            label = Arrays.asList(names).indexOf(format.labelName());
            if (label < 0) {
                throw new InvalidInputException(source, "line " + number, "no column named '" + format.labelName()
                        + "'; the columns are " + String.join(", ", names));
            }
        } else {
            label = format.labelIndex() < 0 ? columns + format.labelIndex() : format.labelIndex();
            if (label < 0 || label >= columns) {
                throw new InvalidInputException(source, "line " + number, "label column " + format.labelIndex()
                        + " does not exist: the file has " + columns + " columns");
            }
        }
        if (columns < 2) {
            throw new InvalidInputException(source, "line " + number, "only " + columns + " column; expected features "
                    + "and a label");
        }
    }

    private void add(int fs, int fe) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, 2 * count);
            ends = Arrays.copyOf(ends, 2 * count);
        }
        starts[count] = fs;
        ends[count] = fe;
        count++;
    }

    private int skipBlanks(byte[] b, int pos, int e) {
        while (pos < e && isBlank(b[pos])) {
            pos++;
        }
        return pos;
    }

    private boolean isBlank(byte c) {
        return (c == ' ' || c == '\t') && c != format.delimiter();
    }

    private String text(int i) {
        return Numbers.show(line, starts[i], ends[i]);
    }

    private InvalidInputException error(int field, String problem) {
        String name = names != null && field < names.length ? " ('" + names[field] + "')" : "";
        int column = field < count ? starts[field] - lineStart + 1 : 0;
        return new InvalidInputException(source, "line " + lineNumber + ", field " + (field + 1) + name
                + (column > 0 ? ", character " + column : ""), problem);
    }
}
