package io.descent.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.descent.autograd.GradMode;
import io.descent.data.Dataset;
import io.descent.loss.SquareLoss;
import io.descent.nn.BatchNorm1d;
import io.descent.nn.Linear;
import io.descent.nn.Module;
import io.descent.nn.ReLU;
import io.descent.nn.Sequential;
import io.descent.optim.Optimizer;
import io.descent.optim.Optimizers;
import io.descent.optim.SgdConfig;
import io.descent.schedule.SwaSchedule;
import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Weight averaging against {@code torch.optim.swa_utils} of PyTorch 1.13 in float64: AveragedModel with equal
 * weights and with an EMA avg_fn after SGD steps, update_bn's running statistics, SWALR's rates. The fixture
 * comes from core/src/test/python/make_swa_fixtures.py.
 */
class WeightAveragingTorchTest {
    private static final double TOLERANCE = 1e-12;

    private static JsonNode fixture() throws IOException {
        try (InputStream in = WeightAveragingTorchTest.class.getResourceAsStream("/fixtures/optim/swa.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).doubleValue();
        }
        return out;
    }

    private static void assertClose(double[] actual, double[] expected, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("%s [%d]", what, i)
                    .isCloseTo(expected[i], within(TOLERANCE * Math.max(1, Math.abs(expected[i]))));
        }
    }

    private static double[] weights(Linear layer) {
        double[] w = layer.weight().value().toDoubleArray();
        double[] b = layer.bias().value().toDoubleArray();
        double[] out = new double[w.length + b.length];
        System.arraycopy(w, 0, out, 0, w.length);
        System.arraycopy(b, 0, out, w.length, b.length);
        return out;
    }

    @Test
    void averagedModelAfterSgdStepsMatchesPyTorchWithEqualWeightsAndAnEma() throws IOException {
        JsonNode c = fixture().get("averaging");
        Linear model = new Linear(3, 2, true, DType.FLOAT64, new Rng(0));
        try (var scope = GradMode.disabled()) {
            model.weight().value().copyFrom(Tensor.of(doubles(c.get("weight")), 2, 3));
            model.bias().value().copyFrom(Tensor.of(doubles(c.get("bias")), 2));
        }
        Tensor x = Tensor.of(doubles(c.get("x")), 8, 3);
        Tensor y = Tensor.of(doubles(c.get("y")), 8, 2);
        Optimizer sgd = Optimizers.sgd(model.parameters(), SgdConfig.defaults().withLr(c.get("lr").doubleValue())
                .withMomentum(c.get("momentum").doubleValue()));
        WeightAverage equal = WeightAverage.equalWeights(model.namedParameters());
        WeightAverage ema = WeightAverage.exponential(model.namedParameters(), c.get("decay").doubleValue());
        int start = c.get("start").intValue();
        for (int step = 1; step <= c.get("steps").intValue(); step++) {
            sgd.zeroGrad();
            new SquareLoss().apply(model.forward(x), y).backward();
            sgd.step();
            assertClose(weights(model), doubles(c.get("trajectory").get(step - 1)), "weights after step " + step);
            if (step > start) {
                equal.update();
                ema.update();
            }
        }
        assertThat(equal.count()).isEqualTo(c.get("n_averaged").longValue());
        equal.copyIntoParameters();
        assertClose(weights(model), doubles(c.get("equal")), "equal-weight average");
        ema.copyIntoParameters();
        assertClose(weights(model), doubles(c.get("ema")), "exponential moving average");
    }

    @Test
    void updateBnRecomputesTheRunningStatisticsAsPyTorch() throws IOException {
        JsonNode c = fixture().get("update_bn");
        Module model = new Sequential(new Linear(3, 4, true, DType.FLOAT64, new Rng(0)), new BatchNorm1d(4, DType.FLOAT64),
                new ReLU(), new Linear(4, 2, true, DType.FLOAT64, new Rng(1)));
        try (var scope = GradMode.disabled()) {
            c.get("state").fields().forEachRemaining(e -> {
                Tensor target = model.stateDict().get(e.getKey());
                target.copyFrom(Tensor.of(doubles(e.getValue()), target.shape().dims()));
            });
        }
        model.eval();
        Dataset data = Dataset.regression(Tensor.of(doubles(c.get("x")), 10, 3), Tensor.zeros(DType.FLOAT64, 10, 2));
        int batches = BatchNormStatistics.recompute(model, data, 4);
        assertThat(batches).isEqualTo(3);
        BatchNorm1d bn = (BatchNorm1d) BatchNormStatistics.layers(model).get(0);
        assertClose(bn.runningMean().toDoubleArray(), doubles(c.get("running_mean")), "running_mean");
        assertClose(bn.runningVar().toDoubleArray(), doubles(c.get("running_var")), "running_var");
        assertThat(bn.batchesTracked()).isEqualTo(c.get("num_batches_tracked").longValue());
        assertThat(model.isTraining()).as("the model's mode is given back").isFalse();
        // The momentum is back: a training batch now moves the statistics by 0.1 of the way.
        double before = bn.runningMean().toDoubleArray()[0];
        model.train(true);
        model.forward(Tensor.of(doubles(c.get("x")), 10, 3));
        double batchMean = (bn.runningMean().toDoubleArray()[0] - 0.9 * before) / 0.1;
        assertThat(batchMean).isNotCloseTo(before, within(1e-3));
    }

    @Test
    void swaScheduleGivesSwalrsRates() throws IOException {
        for (JsonNode c : fixture().get("swalr")) {
            double base = c.get("lr").doubleValue();
            boolean cosine = c.get("strategy").textValue().equals("cos");
            int anneal = c.get("anneal_epochs").intValue();
            long start = 3;
            SwaSchedule s = new SwaSchedule(t -> 1.0, start, c.get("swa_lr").doubleValue() / base, anneal, cosine);
            double[] expected = doubles(c.get("lrs"));
            for (int i = 0; i < expected.length; i++) {
                assertThat(base * s.at(start + i)).as("%s, anneal_epochs %d, SWA epoch %d", c.get("strategy"), anneal, i)
                        .isCloseTo(expected[i], within(1e-12));
            }
            assertThat(s.at(start - 1)).isEqualTo(1.0);
        }
    }

    @Test
    void swaScheduleAnnealsFromWhereTheScheduleBeforeItGot() {
        SwaSchedule s = new SwaSchedule(t -> 1.0 / (1 + t), 4, 0.05, 2, false);
        assertThat(s.at(3)).isEqualTo(0.25);
        assertThat(s.at(4)).isCloseTo(0.05 * 0.5 + 0.2 * 0.5, within(1e-15));
        assertThat(List.of(s.at(5), s.at(50))).containsOnly(0.05);
    }
}
