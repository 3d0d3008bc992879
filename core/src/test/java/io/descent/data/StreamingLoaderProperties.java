package io.descent.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Fuzzing the streaming readers: mutated files end in batches or an InvalidInputException, nothing else. */
class StreamingLoaderProperties {
    private static final byte[] SVM = ("+1 qid:3 1:0.5 7:-2 12:1e-3\n-1 2:1 3:1\t99:4.5\n# c\n0\n\n1 1:1 2:2 # t\r\n"
            + "2 5:5\n3 6:6\n").getBytes(StandardCharsets.UTF_8);
    private static final byte[] CSV = ("x,y,label\n1,2,0\n3,\"4\",1\n\n5,6e-1,2\r\n7,8,0\n9,10,1\n")
            .getBytes(StandardCharsets.UTF_8);
    private static final StreamingLoader.Options OPTIONS = StreamingLoader.Options.of(2, 1).withChunks(2, 2);

    private static void stream(byte[] content, boolean csv) {
        try {
            Path file = Files.createTempFile("fuzz", csv ? ".csv" : ".svm");
            try {
                Files.write(file, content);
                Fuzz.onlyInvalidInput(content, () -> {
                    Iterable<?> loader = csv
                            ? StreamingLoader.csv(file, CsvFormat.label(-1).withHeader(true).asClasses(), OPTIONS)
                            : StreamingLoader.libsvm(file, LibSvmFormat.DEFAULT, OPTIONS);
                    for (Object batch : loader) {
                        if (batch == null) {
                            throw new AssertionError("null batch");
                        }
                    }
                });
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Property(tries = 200)
    void mutatedLibSvmFiles(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int edits) {
        stream(Fuzz.mutate(SVM, seed, edits), false);
    }

    @Property(tries = 200)
    void mutatedCsvFiles(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int edits) {
        stream(Fuzz.mutate(CSV, seed, edits), true);
    }
}
