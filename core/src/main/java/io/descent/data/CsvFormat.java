package io.descent.data;

/**
 * How a CSV file is laid out: the delimiter, whether the first line names the columns, which column holds
 * the label (by name, which needs a header, or by index, negative counting from the end), and whether
 * labels are class indices. Every other column is a numeric feature.
 *
 * <pre>{@code
 * CsvFormat.label("price")               // header line, label column named "price", real-valued targets
 * CsvFormat.label(0).asClasses()          // no header, label first, class indices 0, 1, ...
 * CsvFormat.label(-1).withHeader(true).withDelimiter(';')
 * }</pre>
 */
public record CsvFormat(char delimiter, boolean header, String labelName, int labelIndex, boolean classes) {

    public CsvFormat {
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r' || delimiter == '.' || delimiter == '-'
                || delimiter == '+' || Character.isDigit(delimiter) || delimiter > 0x7F) {
            throw new IllegalArgumentException("CSV delimiter '" + delimiter + "' would be ambiguous; use , ; | or tab");
        }
        if (labelName != null && !header) {
            throw new IllegalArgumentException("CSV label column '" + labelName + "' is named, so the file needs a "
                    + "header line");
        }
    }

    /** A file with a header line whose label column is named {@code name}, comma-separated. */
    public static CsvFormat label(String name) {
        return new CsvFormat(',', true, name, 0, false);
    }

    /** A file without header whose label is column {@code index} (from 0; -1 is the last), comma-separated. */
    public static CsvFormat label(int index) {
        return new CsvFormat(',', false, null, index, false);
    }

    public CsvFormat withHeader(boolean on) {
        return new CsvFormat(delimiter, on, labelName, labelIndex, classes);
    }

    public CsvFormat withDelimiter(char d) {
        return new CsvFormat(d, header, labelName, labelIndex, classes);
    }

    /** Labels are class indices (non-negative integers); the number of classes is the largest plus one. */
    public CsvFormat asClasses() {
        return new CsvFormat(delimiter, header, labelName, labelIndex, true);
    }
}
