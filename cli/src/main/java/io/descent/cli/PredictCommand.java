package io.descent.cli;

import io.descent.InvalidInputException;
import io.descent.data.IdxReader;
import io.descent.io.InputFile;
import io.descent.io.ModelFile;
import io.descent.nn.Module;
import io.descent.nn.Predictor;
import io.descent.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code descent predict}: a saved model's predictions for the samples of a file, one line per sample: the
 * class (the highest score) for classifiers, the output value otherwise; {@code --scores} prints all outputs.
 * Input: a CSV file of features (no label column; a header line is skipped) or an IDX image file.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, description = "Predict with a saved model.")
final class PredictCommand implements Callable<Integer> {
    /** Samples per forward pass: the activations of 1000 samples, not of the whole file, are in memory at once. */
    private static final int BATCH = 1000;

    @Option(names = "--load", required = true, paramLabel = "FILE", description = "a model file written by descent train")
    Path load;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "CSV of features, or IDX images")
    Path input;

    @Option(names = "--scores", description = "print every output, not just the predicted class")
    boolean scores;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        InputFile.requireRegular("--load", load, EvalCommand.MODEL_FILE);
        InputFile.requireRegular("--input", input, "a CSV file of features or an IDX image file");
        Module model = ModelFile.load(load);
        model.eval();
        Tensor x = isIdx(input) ? IdxReader.images(input) : csv(input);
        if (!Inputs.takesImages(model)) {
            x = x.flattenFrom1();
        }
        Tensor y;
        try {
            y = Predictor.predict(model, x, BATCH);   // batch after batch: memory bounded whatever the input's size
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(input.toString(), "", "the samples do not fit the model: " + e.getMessage());
        }
        int n = y.dim(0);
        int k = y.size() / Math.max(1, n);
        int[] classes = k > 1 ? y.argmax(1) : null;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (scores || k == 1) {
                for (int j = 0; j < k; j++) {
                    sb.append(j > 0 ? "," : "").append(String.format(Locale.ROOT, "%.6g", y.getFlat(i * k + j)));
                }
                if (classes != null) {
                    sb.append(" -> ").append(classes[i]);
                }
            } else {
                sb.append(classes[i]);
            }
            sb.append('\n');
        }
        out.print(sb);
        out.flush();
        return 0;
    }

    private static boolean isIdx(Path p) throws IOException {
        byte[] head = new byte[4];
        try (var in = Files.newInputStream(p)) {
            int r = in.readNBytes(head, 0, 4);
            if (r < 4) {
                return false;
            }
        }
        boolean gzip = (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
        return gzip || (head[0] == 0 && head[1] == 0 && head[2] == 8);
    }

    /** Rows of comma-separated numbers; a first line of names is a header ({@link io.descent.data.CsvHeaderLine}). */
    static Tensor csv(Path p) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InvalidInputException(p.toString(), "", "not UTF-8 text: a CSV file of numbers was expected", e);
        }
        int start = 0;
        while (start < lines.size() && lines.get(start).isBlank()) {
            start++;
        }
        if (start < lines.size() && io.descent.data.CsvHeaderLine.isHeader(p.toString(), start + 1, lines.get(start), ',')) {
            start++;
        }
        int cols = -1;
        int rows = 0;
        float[] values = null;
        for (int pass = 0; pass < 2; pass++) {
            rows = 0;
            for (int i = start; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (cols < 0) {
                    cols = f.length;
                } else if (f.length != cols) {
                    throw new InvalidInputException(p.toString(), "line " + (i + 1), f.length + " fields, expected " + cols);
                }
                if (pass == 1) {
                    for (int j = 0; j < cols; j++) {
                        float v;
                        try {
                            v = Float.parseFloat(f[j].strip());
                        } catch (NumberFormatException e) {
                            v = Float.NaN;
                        }
                        if (!Float.isFinite(v)) { // parseFloat takes "NaN", "Infinity" and 1e39 (overflow)
                            throw new InvalidInputException(p.toString(), "line " + (i + 1) + ", field " + (j + 1),
                                    "'" + f[j].strip() + "' is not a " + (Float.isNaN(v) ? "number" : "finite float"));
                        }
                        values[rows * cols + j] = v;
                    }
                }
                rows++;
            }
            if (pass == 0) {
                if (rows == 0) {
                    throw new InvalidInputException(p.toString(), "", "no samples");
                }
                values = new float[rows * cols];
            }
        }
        return Tensor.wrap(values, rows, cols);
    }
}
