package io.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.descent.curvature.Float64Copy;
import io.descent.data.Dataset;
import io.descent.data.Synthetic;
import io.descent.io.ModelFile;
import io.descent.io.SafeTensors;
import io.descent.loss.Loss;
import io.descent.nn.Module;
import io.descent.objective.Erm;
import io.descent.objective.Jacobi;
import io.descent.optim.FiniteDifferences;
import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code descent analyze} against an independent oracle: the Hessian of the same loss assembled column by column
 * ({@link FiniteDifferences} on {@link Erm}) and decomposed by {@link Jacobi}; with {@code --split all} the rows
 * are all the generated points, in whatever order, so the oracle regenerates them; the train split is the one
 * {@link DataSpecs} makes.
 */
class AnalyzeCommandTest {
    static final String DATA = "moons(n=300)";

    static JsonNode json(Path file) throws Exception {
        return new ObjectMapper().readTree(Files.readString(file));
    }

    static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    /** The eigenvalues (ascending) of the loss's Hessian at the saved model, over all the moons' points or the train part. */
    static double[] oracle(Path model, String lossName, boolean trainPart) throws Exception {
        Module wide = Float64Copy.of(ModelFile.load(model)).eval();
        Dataset all = trainPart ? DataSpecs.load(DATA, DataSpecs.CsvOptions.DEFAULT).train() : Synthetic.moons(300, 0.1, 0);
        Loss loss = LossSpecs.build(lossName);
        if (LossSpecs.isMargin(lossName)) {
            all = all.signed();
        }
        Tensor y = all.targets().dtype() == DType.FLOAT32 ? all.targets().to(DType.FLOAT64) : all.targets();
        Erm risk = new Erm(wide, all.features().to(DType.FLOAT64), y, loss::apply);
        Tensor w = risk.parameters();
        return Jacobi.eigenvalues(toMatrix(FiniteDifferences.hessian(risk, w)));
    }

    static double[][] toMatrix(Tensor h) {
        int k = h.dim(0);
        double[][] m = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                m[i][j] = h.get(i, j);
            }
        }
        return m;
    }

    @Test
    void aTrainedLogisticModelIsALocalMinimumWhoseSpectrumIsTheExactOne(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("lin.safetensors");
        CliTestSupport.Result train = CliTestSupport.run("train", "--data", DATA, "--loss", "log", "--optimizer", "newton",
                "--epochs", "20", "--validation-split", "0", "--save", model.toString());
        assertThat(train.status()).as(train.err()).isZero();
        Path out = dir.resolve("a.json");
        Path plot = dir.resolve("density.svg");
        CliTestSupport.Result r = CliTestSupport.run("analyze", "--load", model.toString(), "--data", DATA, "--loss", "log",
                "--hessian", "--top", "2", "--validation-split", "0", "--json", out.toString(), "--plot", plot.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("verdict: a local minimum (gradient norm ").contains("counts as zero)")
                .contains("240 train rows");   // the rows train trained on: 80% of 300, no validation split
        JsonNode j = json(out);
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = j.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        assertThat(keys).startsWith("gradient_norm", "top_eigenvalues", "bottom_eigenvalues", "trace", "verdict");
        assertThat(j.get("verdict").asText()).isEqualTo("a local minimum");
        double[] exact = oracle(model, "log", true);   // 3 parameters: two weights and the bias
        double[] top = doubles(j.get("top_eigenvalues"));
        double[] bottom = doubles(j.get("bottom_eigenvalues"));
        assertThat(top).containsExactly(new double[] {exact[2], exact[1]}, within(1e-7 * exact[2]));
        assertThat(bottom).containsExactly(new double[] {exact[0], exact[1]}, within(1e-7 * exact[2]));
        assertThat(exact[0]).isPositive();
        assertThat(j.get("gradient_norm").asDouble()).isLessThan(1e-4);
        double trace = exact[0] + exact[1] + exact[2];
        assertThat(Math.abs(j.get("trace").asDouble() - trace)).isLessThanOrEqualTo(4 * j.get("trace_standard_error").asDouble());
        assertThat(j.get("negative_curvature").asDouble()).isZero();
        assertThat(Files.readString(plot)).startsWith("<?xml").contains("<svg");
    }

    /** What analyze printed and wrote, and the oracle's eigenvalues (ascending), for one trained model. */
    private record Analyzed(CliTestSupport.Result result, JsonNode json, double[] exact, double[] top, double[] bottom) {
    }

    /**
     * Trains {@code modelSpec} on the moons, runs {@code analyze --top K} on all rows and checks its K largest and
     * K smallest eigenvalues against the finite-difference eigendecomposition within {@code tolerance} x the scale.
     */
    private static Analyzed extremesMatchTheOracle(Path dir, String modelSpec, int topK, double tolerance)
            throws Exception {
        Path model = dir.resolve("mlp.safetensors");
        CliTestSupport.Result train = CliTestSupport.run("train", "--data", DATA, "--model", modelSpec,
                "--optimizer", "adam(lr=0.05)", "--epochs", "30", "--batch-size", "32", "--save", model.toString());
        assertThat(train.status()).as(train.err()).isZero();
        Path out = dir.resolve("a.json");
        CliTestSupport.Result r = CliTestSupport.run("analyze", "--load", model.toString(), "--data", DATA, "--hessian",
                "--top", Integer.toString(topK), "--split", "all", "--json", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        double[] exact = oracle(model, "cross-entropy", false);
        int k = exact.length;
        JsonNode j = json(out);
        double scale = Math.max(Math.abs(exact[0]), exact[k - 1]);
        double[] top = doubles(j.get("top_eigenvalues"));
        double[] bottom = doubles(j.get("bottom_eigenvalues"));
        for (int i = 0; i < topK; i++) {
            assertThat(top[i]).as("top %d", i).isCloseTo(exact[k - 1 - i], within(tolerance * scale));
            assertThat(bottom[i]).as("bottom %d", i).isCloseTo(exact[i], within(tolerance * scale));
        }
        return new Analyzed(r, j, exact, top, bottom);
    }

    @Test
    void onATrainedMlpTheExtremesMatchTheFullEigendecomposition(@TempDir Path dir) throws Exception {
        Analyzed a = extremesMatchTheOracle(dir, "mlp(4, activation=tanh)", 4, 1e-6);
        assertThat(a.exact().length).isEqualTo(2 * 4 + 4 + 4 * 2 + 2);
        assertThat(a.top()).isSortedAccordingTo((x, y) -> Double.compare(y, x));
        assertThat(a.bottom()).isSorted();
        // softmax over two classes: adding one number to both output biases changes nothing, a zero eigenvalue
        assertThat(a.json().get("verdict").asText()).isIn("flat or degenerate directions", "a saddle point",
                "not a stationary point");
    }

    @Test
    void aTanhNetworkAtZeroWeightsIsASaddlePointReadFromPyTorchNames(@TempDir Path dir) throws Exception {
        // nn.Sequential(nn.Linear(2, 2), nn.Tanh(), nn.Linear(2, 1)), all weights zero: the gradient vanishes (balanced
        // classes, tanh(0) = 0), and the Hessian's only nonzero block couples the two layers' weights, with
        // eigenvalues of both signs
        Map<String, Tensor> state = new LinkedHashMap<>();
        state.put("0.weight", Tensor.zeros(2, 2));
        state.put("0.bias", Tensor.zeros(2));
        state.put("2.weight", Tensor.zeros(1, 2));
        state.put("2.bias", Tensor.zeros(1));
        Path weights = dir.resolve("torch.safetensors");
        SafeTensors.write(weights, state, Map.of());
        Path out = dir.resolve("a.json");
        CliTestSupport.Result r = CliTestSupport.run("analyze", "--load", weights.toString(), "--model", "mlp(2, activation=tanh)",
                "--data", DATA, "--loss", "log", "--split", "all", "--hessian", "--json", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        JsonNode j = json(out);
        assertThat(j.get("verdict").asText()).isEqualTo("a saddle point");
        assertThat(j.get("gradient_norm").asDouble()).isLessThan(1e-12);
        assertThat(doubles(j.get("bottom_eigenvalues"))[0]).isLessThan(-1e-3);
        assertThat(doubles(j.get("top_eigenvalues"))[0]).isGreaterThan(1e-3);
        assertThat(j.get("negative_curvature").asDouble()).isGreaterThan(0);
        assertThat(r.out()).contains("verdict: a saddle point");

        CliTestSupport.Result noHessian = CliTestSupport.run("analyze", "--load", weights.toString(), "--model",
                "mlp(2, activation=tanh)", "--data", DATA, "--loss", "log", "--split", "all");
        assertThat(noHessian.status()).as(noHessian.err()).isZero();
        assertThat(noHessian.lastLine()).startsWith("stationary (gradient norm ");
    }

    @Test
    void theSplitsHaveTheRowsTrainUses(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("lin.safetensors");
        CliTestSupport.Result train = CliTestSupport.run("train", "--data", DATA, "--loss", "log", "--epochs", "2",
                "--save", model.toString());
        assertThat(train.status()).as(train.err()).isZero();
        CliTestSupport.Result test = CliTestSupport.run("analyze", "--load", model.toString(), "--data", DATA, "--loss", "log",
                "--split", "test");
        assertThat(test.out()).contains("; 60 test rows of ");
        // train's last line: "test accuracy A loss L", the loss analyze computes on the same rows in float64
        double reported = Double.parseDouble(train.lastLine().split(" ")[4]);
        String lossLine = test.out().lines().filter(l -> l.startsWith("loss ")).findFirst().orElseThrow();
        assertThat(Double.parseDouble(lossLine.substring(5))).isCloseTo(reported, within(1e-5));
        CliTestSupport.Result trainRows = CliTestSupport.run("analyze", "--load", model.toString(), "--data", DATA,
                "--loss", "log");
        assertThat(trainRows.out()).contains("; 216 train rows of ");   // 80% of 300, less the 10% validation split
    }

    /**
     * ReLU: the products are exact (double backward), the Hessian of the linear piece the weights lie on, so the
     * extremes match the eigendecomposition of a column-wise finite-difference Hessian, whose tiny steps cross no
     * kink here; products from differences of gradients along whole probe vectors did not (their kinks biased the
     * top eigenvalue two-fold on a ReLU MLP).
     */
    @Test
    void onAReluMlpTheExactProductsGiveTheSpectrumOfThePieceTheWeightsLieOn(@TempDir Path dir) throws Exception {
        Analyzed a = extremesMatchTheOracle(dir, "mlp(4)", 2, 1e-5);
        assertThat(a.result().err()).doesNotContain("note:");
    }

    @Test
    void badInputEndsWithOneLine(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("lin.safetensors");
        CliTestSupport.run("train", "--data", DATA, "--loss", "log", "--epochs", "1", "--save", model.toString());
        Path weightsOnly = dir.resolve("w.safetensors");
        Map<String, Tensor> state = new LinkedHashMap<>();
        state.put("0.weight", Tensor.zeros(2, 2));
        SafeTensors.write(weightsOnly, state, Map.of());
        Path nan = dir.resolve("nan.safetensors");
        Map<String, Tensor> linear = new LinkedHashMap<>();
        linear.put("weight", Tensor.of(new float[] {Float.NaN, 1}, 1, 2));
        linear.put("bias", Tensor.zeros(1));
        SafeTensors.write(nan, linear, Map.of());
        String[][] cases = {
            {"--load", nan.toString(), "--model", "linear", "--data", DATA, "--loss", "log", "--hessian"},
            {"--load", dir.resolve("missing.safetensors").toString(), "--data", DATA},
            {"--load", model.toString(), "--data", DATA, "--loss", "log", "--split", "validation"},
            {"--load", model.toString(), "--data", DATA, "--loss", "log", "--top", "0", "--hessian"},
            {"--load", model.toString(), "--data", DATA, "--loss", "log", "--json", dir.resolve("x.json").toString()},
            {"--load", model.toString(), "--data", DATA, "--loss", "log", "--hessian", "--json",
                dir.resolve("no/such/dir/x.json").toString()},
            {"--load", model.toString(), "--data", DATA, "--loss", "log", "--hessian", "--plot", dir.resolve("x.gif").toString()},
            {"--load", weightsOnly.toString(), "--data", DATA},
            {"--load", weightsOnly.toString(), "--model", "mlp(3)", "--data", DATA},
            {"--load", model.toString(), "--data", "blobs(n=300, classes=3)", "--loss", "log"},
            {"--load", model.toString(), "--data", "csv:" + dir.resolve("none.csv")},
        };
        for (String[] c : cases) {
            String[] args = new String[c.length + 1];
            args[0] = "analyze";
            System.arraycopy(c, 0, args, 1, c.length);
            CliTestSupport.Result r = CliTestSupport.run(args);
            assertThat(r.status()).as(String.join(" ", c) + "\n" + r.err()).isEqualTo(Descent.USER_ERROR);
            assertThat(r.err().strip().lines().filter(l -> l.startsWith("descent: "))).as(r.err()).hasSize(1);
            assertThat(r.err()).as(String.join(" ", c)).doesNotContain("internal error").doesNotContain("\tat ");
        }
        assertThat(dir.resolve("x.json")).doesNotExist();
        CliTestSupport.Result weights = CliTestSupport.run("analyze", "--load", weightsOnly.toString(), "--data", DATA);
        assertThat(weights.err()).contains("--model SPEC");
    }
}
