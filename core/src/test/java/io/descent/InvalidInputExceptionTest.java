package io.descent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InvalidInputExceptionTest {
    @Test
    void aShortMessageIsKeptAsIs() {
        assertThat(new InvalidInputException("a.csv", "line 3", "expected 4 fields").getMessage())
                .isEqualTo("a.csv, line 3: expected 4 fields");
    }

    @Test
    void aHugeProblemIsCutWithAnEllipsisAndTheWholeLength() {
        String m = new InvalidInputException("arch.json", "", "children " + "x,".repeat(5_000_000)).getMessage();
        assertThat(m).hasSize(InvalidInputException.MAX_MESSAGE).startsWith("arch.json: children x,x,")
                .endsWith("... (10000020 characters in all)");
    }

    @Test
    void aHugeSourceIsQuotedWithItsMiddleLeftOutButADeepPathIsKeptWhole() {
        String source = "csv:" + "a".repeat(1000) + "/end.csv";
        String m = new InvalidInputException(source, "", "no such file").getMessage();
        assertThat(m).startsWith("csv:aaa").contains("...").contains("/end.csv: no such file")
                .hasSizeLessThan(InvalidInputException.MAX_SOURCE + 20);
        String deep = "/tmp/junit-12292137016634275755/" + "nested/".repeat(20) + "rows.csv (Spark partition 0; lines "
                + "counted from byte 22 after the header)";
        assertThat(new InvalidInputException(deep, "line 3", "bad").getMessage()).isEqualTo(deep + ", line 3: bad");
        assertThat(InvalidInputException.quote("short")).isEqualTo("'short'");
        assertThat(InvalidInputException.quote("b".repeat(500))).hasSize(InvalidInputException.MAX_QUOTE + 2);
    }
}
