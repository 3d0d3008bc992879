package io.descent.data;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Fuzzing the CSV reader: random and mutated inputs end in a data set or an InvalidInputException, nothing else. */
class CsvReaderProperties {
    private static final byte[] TEMPLATE = ("sepal,petal,\"width, cm\",label\n5.1,3.5,1.4,0\n4.9,3.0,-1.4e-2,1\n"
            + "6.2,\"3.4\",5.4,2\r\n\n7.7,2.6,6.9,2\n").getBytes(StandardCharsets.UTF_8);

    private static void read(byte[] input) {
        Fuzz.onlyInvalidInput(input, () -> CsvReader.read(input, "fuzz.csv", CsvFormat.label("label").asClasses()));
        Fuzz.onlyInvalidInput(input, () -> CsvReader.read(input, "fuzz.csv", CsvFormat.label(-1)));
        Fuzz.onlyInvalidInput(input, () -> CsvReader.read(input, "fuzz.csv", CsvFormat.label(0).withHeader(true)));
    }

    @Property(tries = 300)
    void randomBytes(@ForAll @Size(max = 200) byte[] input) {
        read(input);
    }

    @Property(tries = 300)
    void randomText(@ForAll("csvish") String text) {
        read(text.getBytes(StandardCharsets.UTF_8));
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> csvish() {
        return net.jqwik.api.Arbitraries.strings().withChars("0123456789.,-+e\"\n\r \tlabe").ofMaxLength(120);
    }

    @Property(tries = 500)
    void mutatedFiles(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int edits) {
        read(Fuzz.mutate(TEMPLATE, seed, edits));
    }
}
