package io.descent.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.descent.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 19, item 5: the one rule for whether a CSV file's first line is a header. */
class CsvHeaderLineTest {

    @Test
    void namesAreAHeaderNumbersAreARowAndAMixIsRefused() {
        assertThat(CsvHeaderLine.isHeader("f", 1, "x1, \"x2\" ,label", ',')).isTrue();
        assertThat(CsvHeaderLine.isHeader("f", 1, "0.5,-1e-3,+2,.5,NaN,-Infinity", ',')).isFalse();
        assertThat(CsvHeaderLine.isHeader("f", 1, "1;2;3", ';')).isFalse();
        assertThatThrownBy(() -> CsvHeaderLine.isHeader("f.csv", 3, "id,0.5", ','))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("f.csv, line 3: neither a header nor a row of numbers: field 1 'id' is not a number but "
                        + "field 2 '0.5' is; a header names every column, a data row holds numbers only");
    }

    @Test
    void theFirstNonBlankLineOfAFileDecides(@TempDir Path dir) throws IOException {
        Path rows = dir.resolve("rows.csv");
        Files.writeString(rows, "\n  \n1,2,0\n3,4,1\n");
        Path named = dir.resolve("named.csv");
        Files.writeString(named, "a,b,c\n1,2,0\n");
        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, "");
        assertThat(CsvHeaderLine.firstLineIsHeader(rows, ',')).isFalse();
        assertThat(CsvHeaderLine.firstLineIsHeader(named, ',')).isTrue();
        assertThat(CsvHeaderLine.firstLineIsHeader(empty, ',')).isFalse();
    }
}
