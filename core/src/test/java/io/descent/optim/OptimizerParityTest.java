package io.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.descent.nn.Parameter;
import io.descent.objective.Beale;
import io.descent.objective.Function2D;
import io.descent.objective.Rosenbrock;
import io.descent.objective.Saddle;
import io.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parity with PyTorch 1.13: every optimizer that torch.optim also has runs 300 steps (L-BFGS: 300 calls of
 * one iteration, and 10 calls of 20) in float64 on Beale, Rosenbrock and the saddle y^4 - x^4 from fixed
 * starts, fed the same gradients bit for bit, and every point of the path must agree with PyTorch's to
 * 1e-9 relative. The fixtures hold each run's hyperparameters, so the Java side is built from them.
 */
class OptimizerParityTest {
    private static final double TOLERANCE = 1e-9;
    private static final Map<String, Function2D> FUNCTIONS =
            Map.of("beale", new Beale(), "rosenbrock", new Rosenbrock(), "saddle", new Saddle());
    private static double worst;
    private static long pointsCompared;
    private static long pointsIdentical;

    static Stream<JsonNode> runs() {
        List<JsonNode> out = new ArrayList<>();
        TorchFixtures.trajectories().get("runs").forEach(out::add);
        return out.stream();
    }

    @Test
    void fixturesCoverEveryTorchOptimizerOnEveryFunction() {
        JsonNode root = TorchFixtures.trajectories();
        assertThat(root.get("torch").asText()).startsWith("1.13");
        List<String> seen = new ArrayList<>();
        root.get("runs").forEach(r -> seen.add(r.get("optimizer").asText() + "/" + r.get("function").asText()));
        for (String opt : List.of("SGD", "Adagrad", "RMSprop", "Adadelta", "Adam", "AdamW", "NAdam", "Adamax", "RAdam", "LBFGS")) {
            for (String f : FUNCTIONS.keySet()) {
                assertThat(seen).contains(opt + "/" + f);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void trajectoryMatchesPyTorch(JsonNode run) {
        Function2D f = FUNCTIONS.get(run.get("function").asText());
        JsonNode expected = run.get("trajectory");
        Tensor w = Tensor.of(new double[] {run.get("start").get(0).asDouble(), run.get("start").get(1).asDouble()}, 2);
        Parameter point = new Parameter("point", w);
        Runnable step = stepper(run, point, f);
        for (int t = 0; t < expected.size(); t++) {
            if (t > 0) {
                step.run();
            }
            for (int i = 0; i < 2; i++) {
                double want = expected.get(t).get(i).asDouble();
                double got = w.getFlat(i);
                double error = got == want ? 0 : Math.abs(got - want) / Math.abs(want);
                worst = Math.max(worst, error);
                pointsCompared++;
                pointsIdentical += got == want ? 1 : 0;
                assertThat(error).as("%s on %s, step %d, coordinate %d: got %s, PyTorch %s", run.get("name").asText(),
                        run.get("function").asText(), t, i, got, want).isLessThanOrEqualTo(TOLERANCE);
            }
        }
    }

    @AfterAll
    static void report() {
        System.out.printf("optimizer parity: %d coordinates compared, %d bit-identical, largest relative error %.3g%n",
                pointsCompared, pointsIdentical, worst);
    }

    /** One step of the Java optimizer configured as the fixture's PyTorch run. */
    private static Runnable stepper(JsonNode run, Parameter point, Function2D f) {
        JsonNode h = run.get("hyper");
        JsonNode extra = run.get("extra");
        Tensor w = point.value();
        List<Parameter> params = List.of(point);
        String kind = run.get("optimizer").asText();
        if (kind.equals("LBFGS")) {
            int maxIter = h.path("max_iter").asInt(20);
            LbfgsConfig c = new LbfgsConfig(h.path("lr").asDouble(1), maxIter, h.path("max_eval").asInt(maxIter * 5 / 4),
                    h.path("tolerance_grad").asDouble(1e-7), h.path("tolerance_change").asDouble(1e-9),
                    h.path("history_size").asInt(100), h.path("line_search_fn").asText("").equals("strong_wolfe"));
            Lbfgs lbfgs = Optimizers.lbfgs(params, c);
            return () -> lbfgs.step(() -> {
                setGradient(w, f);
                return f.value(w);
            });
        }
        ChainOptimizer opt = firstOrder(kind, h, params);
        if (extra.has("clip_norm")) {
            opt.clipGradients(GradientClipping.byGlobalNorm(extra.get("clip_norm").asDouble()));
        }
        if (extra.has("clip_value")) {
            opt.clipGradients(GradientClipping.byValue(extra.get("clip_value").asDouble()));
        }
        return () -> {
            setGradient(w, f);
            opt.step();
        };
    }

    private static ChainOptimizer firstOrder(String kind, JsonNode h, List<Parameter> params) {
        double lr = h.path("lr").asDouble(Double.NaN);
        double wd = h.path("weight_decay").asDouble(0);
        double beta1 = h.has("betas") ? h.get("betas").get(0).asDouble() : 0.9;
        double beta2 = h.has("betas") ? h.get("betas").get(1).asDouble() : 0.999;
        switch (kind) {
            case "SGD":
                return Optimizers.sgd(params, new SgdConfig(lr, h.path("momentum").asDouble(0),
                        h.path("dampening").asDouble(0), h.path("nesterov").asBoolean(false), wd));
            case "Adagrad":
                return Optimizers.adagrad(params, new AdagradConfig(lr, h.path("lr_decay").asDouble(0), wd,
                        h.path("initial_accumulator_value").asDouble(0), h.path("eps").asDouble(1e-10)));
            case "RMSprop":
                return Optimizers.rmsprop(params, new RmspropConfig(lr, h.path("alpha").asDouble(0.99),
                        h.path("eps").asDouble(1e-8), wd, h.path("momentum").asDouble(0), h.path("centered").asBoolean(false)));
            case "Adadelta":
                return Optimizers.adadelta(params, new AdadeltaConfig(h.path("lr").asDouble(1.0),
                        h.path("rho").asDouble(0.9), h.path("eps").asDouble(1e-6), wd));
            case "Adam":
                return Optimizers.adam(params, new AdamConfig(lr, beta1, beta2, h.path("eps").asDouble(1e-8), wd,
                        h.path("amsgrad").asBoolean(false)));
            case "AdamW":
                return Optimizers.adamw(params, new AdamConfig(lr, beta1, beta2, h.path("eps").asDouble(1e-8),
                        h.path("weight_decay").asDouble(1e-2), h.path("amsgrad").asBoolean(false)));
            case "NAdam":
                return Optimizers.nadam(params, new NadamConfig(lr, beta1, beta2, h.path("eps").asDouble(1e-8), wd,
                        h.path("momentum_decay").asDouble(4e-3)));
            case "RAdam":
                return Optimizers.radam(params, new RadamConfig(lr, beta1, beta2, h.path("eps").asDouble(1e-8), wd));
            case "Adamax":
                return Optimizers.adamax(params, new AdamaxConfig(lr, beta1, beta2, h.path("eps").asDouble(1e-8), wd));
            default:
                throw new IllegalArgumentException("no Java counterpart for torch.optim." + kind);
        }
    }

    private static void setGradient(Tensor w, Function2D f) {
        double[] g = new double[2];
        f.gradient(w.getFlat(0), w.getFlat(1), g);
        w.setGrad(Tensor.of(g, 2));
    }
}
