package io.descent.data;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Fuzzing the LIBSVM reader: random and mutated inputs end in a data set or an InvalidInputException, nothing else. */
class LibSvmReaderProperties {
    private static final byte[] TEMPLATE = ("# header comment\n+1 qid:3 1:0.5 7:-2 12:1e-3\n-1 2:1 3:1\t99:4.5\n"
            + "0 # no features\n\n1 1:1 2:2 3:3 # tail\r\n").getBytes(StandardCharsets.UTF_8);

    private static void read(byte[] input) {
        Fuzz.onlyInvalidInput(input, () -> LibSvmReader.read(input, "fuzz.svm", LibSvmFormat.DEFAULT));
        Fuzz.onlyInvalidInput(input, () -> LibSvmReader.read(input, "fuzz.svm", LibSvmFormat.DEFAULT.withFeatures(50)
                .asClasses()));
    }

    @Property(tries = 300)
    void randomBytes(@ForAll @Size(max = 200) byte[] input) {
        read(input);
    }

    @Provide
    Arbitrary<String> svmish() {
        return Arbitraries.strings().withChars("0123456789.:+-e #\n\tqid").ofMaxLength(120);
    }

    @Property(tries = 300)
    void randomText(@ForAll("svmish") String text) {
        read(text.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 500)
    void mutatedFiles(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int edits) {
        read(Fuzz.mutate(TEMPLATE, seed, edits));
    }
}
