package io.descent.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.descent.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
    @TempDir
    Path dir;

    private static Dataset read(String text, CsvFormat format) {
        return CsvReader.read(text.getBytes(StandardCharsets.UTF_8), "data.csv", format);
    }

    private static void fails(String text, CsvFormat format, String... words) {
        assertThatThrownBy(() -> read(text, format)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("data.csv, line ").hasMessageContainingAll(words);
    }

    @Test
    void labelColumnByNameWithHeader() {
        Dataset d = read("a,price,b\n1,10.5,2\n3,-2e1,4\n", CsvFormat.label("price"));
        assertThat(d.features().shape().dims()).containsExactly(2, 2);
        assertThat(d.features().toFloatArray()).containsExactly(1, 2, 3, 4);
        assertThat(d.targets().toFloatArray()).containsExactly(10.5f, -20f);
        assertThat(d.isClassification()).isFalse();
    }

    @Test
    void labelColumnByIndexWithoutHeaderAsClasses() {
        Dataset d = read("2,0.5,0.25\r\n0,1,1\r\n\r\n1,.5,7.\n", CsvFormat.label(0).asClasses());
        assertThat(d.labels()).containsExactly(2, 0, 1);
        assertThat(d.numClasses()).isEqualTo(3);
        assertThat(d.features().toFloatArray()).containsExactly(0.5f, 0.25f, 1, 1, 0.5f, 7);
        Dataset last = read("1;2;3\n4;5;6", CsvFormat.label(-1).withDelimiter(';'));
        assertThat(last.targets().toFloatArray()).containsExactly(3, 6);
    }

    @Test
    void quotedFieldsAndSpacesAroundNumbers() {
        Dataset d = read("\"x, first\",\"say \"\"y\"\"\"\n \"1.5\" , 2 \n", CsvFormat.label("say \"y\""));
        assertThat(d.features().toFloatArray()).containsExactly(1.5f);
        assertThat(d.targets().toFloatArray()).containsExactly(2);
        Dataset tabs = read("1\t2\n3\t4\n", CsvFormat.label(1).withDelimiter('\t'));
        assertThat(tabs.features().toFloatArray()).containsExactly(1, 3);
    }

    @Test
    void aByteOrderMarkBeforeTheHeaderIsSkipped() {
        Dataset d = read("\uFEFFy,x\n1,2\n", CsvFormat.label("y"));
        assertThat(d.targets().toFloatArray()).containsExactly(1);
        assertThat(read("\uFEFF3,4\n", CsvFormat.label(0)).features().toFloatArray()).containsExactly(4);
    }

    @Test
    void aHeaderOnlyFileIsAnEmptyDataSet() {
        Dataset d = read("a,b,c\n", CsvFormat.label("c"));
        assertThat(d.size()).isZero();
        assertThat(d.features().shape().dims()).containsExactly(0, 2);
    }

    @Test
    void nonNumericAndEmptyFieldsNameLineAndColumn() {
        CsvFormat f = CsvFormat.label("y");
        fails("x1,x2,y\n1,2,3\n4,abc,6\n", f, "line 3, field 2 ('x2'), character 3", "'abc' is not a number");
        fails("x1,x2,y\n1,,3\n", f, "line 2, field 2 ('x2')", "empty field");
        fails("x1,x2,y\n1,2,NaN\n", f, "line 2, field 3 ('y')", "'NaN' is not a number");
        fails("x1,x2,y\n1,2,1e39\n", f, "outside the float range");
        fails("1,2\n3,2.5\n", CsvFormat.label(1).asClasses(), "line 2, field 2", "'2.5' is not a class index");
        fails("1,2\n3,-1\n", CsvFormat.label(1).asClasses(), "'-1' is not a class index");
    }

    @Test
    void raggedRowsAndBadQuotesAreRefused() {
        fails("x1,x2,y\n1,2,3\n4,5\n", CsvFormat.label("y"), "line 3", "2 fields, expected 3 as in the header");
        fails("1,2,3\n4,5,6,7\n", CsvFormat.label(0), "line 2", "4 fields, expected 3 as in the first row");
        fails("1,\"2\n", CsvFormat.label(0), "line 1, field 2", "not closed");
        fails("1,\"2\"x\n", CsvFormat.label(0), "text after the closing quote");
    }

    @Test
    void labelColumnsThatDoNotExist() {
        fails("a,b\n1,2\n", CsvFormat.label("c"), "line 1", "no column named 'c'; the columns are a, b");
        fails("1,2\n", CsvFormat.label(5), "label column 5 does not exist: the file has 2 columns");
        fails("1\n2\n", CsvFormat.label(0), "only 1 column");
        fails("", CsvFormat.label("a"), "empty file; expected a header line");
        fails("\n\n", CsvFormat.label(0), "no data");
        assertThatThrownBy(() -> CsvFormat.label("a").withHeader(false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsFromAFileAndNamesItInErrors() throws IOException {
        Path ok = Files.writeString(dir.resolve("ok.csv"), "f,label\n0.5,1\n");
        assertThat(CsvReader.read(ok, CsvFormat.label("label").asClasses()).labels()).containsExactly(1);
        Path bad = Files.writeString(dir.resolve("bad.csv"), "f,label\n0.5,x\n");
        assertThatThrownBy(() -> CsvReader.read(bad, CsvFormat.label("label")))
                .hasMessageStartingWith(bad + ", line 2, field 2 ('label')");
        assertThatThrownBy(() -> CsvReader.read(dir.resolve("none.csv"), CsvFormat.label(0)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("cannot read");
    }
}
