package io.descent.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Fuzzing the reader of {@code descent predict --input} CSV files: random bytes (not always UTF-8) and mutated
 * files end in a tensor of samples or an InvalidInputException naming the file; nothing else.
 */
class PredictInputFuzzProperties {
    private static final String TEMPLATE = "x,y,z\n0.5,1,-2\n-1,2e-3,7\n\n3,4,.5\n";
    private static final Path FILE = file();

    @AfterContainer
    static void report() throws IOException {
        System.out.print(SpecFuzz.report());
        Files.deleteIfExists(FILE);
    }

    private static Path file() {
        try {
            return Files.createTempFile("descent-predict-fuzz", ".csv");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void read(byte[] content, String shown) throws IOException {
        Files.write(FILE, content);
        SpecFuzz.onlyInvalidInput("predict --input", FILE.toString(), shown, () -> PredictCommand.csv(FILE));
    }

    @Property(tries = 300)
    void randomBytes(@ForAll @Size(max = 120) byte[] content) throws IOException {
        read(content, java.util.Arrays.toString(content));
    }

    @Property(tries = 400)
    void mutatedFiles(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int edits) throws IOException {
        String text = SpecFuzz.mutate(TEMPLATE, seed, edits);
        read(text.getBytes(StandardCharsets.UTF_8), text);
    }
}
