package io.descent.nn;

import static io.descent.nn.Fixtures.assertClose;
import static io.descent.nn.Fixtures.set;
import static io.descent.nn.Fixtures.tensor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Fixed inputs and weights give PyTorch's outputs and gradients, to 1e-5 in float32. The fixtures come from
 * {@code core/src/test/python/make_nn_fixtures.py} (PyTorch as in Debian's python3-torch).
 */
class PyTorchParityTest {

    /** Runs forward on the fixture's x, backward with its upstream gradient g; returns x's gradient. */
    private static Tensor run(Module m, JsonNode c, String what) {
        Tensor x = tensor(c.get("x")).requiresGrad(true);
        Tensor y = m.forward(x);
        assertClose(what + " output", y, c.get("out"));
        y.backward(tensor(c.get("g")));
        assertClose(what + " input gradient", x.grad(), c.get("dx"));
        return x.grad();
    }

    @Test
    void linear() {
        for (JsonNode c : Fixtures.load("linear.json").get("cases")) {
            boolean bias = c.get("bias").booleanValue();
            Linear layer = new Linear(3, 2, bias, new Rng(0));
            set(layer.weight().value(), c.get("weight"));
            if (bias) {
                set(layer.bias().value(), c.get("b"));
            }
            run(layer, c, "Linear bias=" + bias);
            assertClose("Linear weight gradient", layer.weight().grad(), c.get("dweight"));
            if (bias) {
                assertClose("Linear bias gradient", layer.bias().grad(), c.get("dbias"));
            }
        }
    }

    @Test
    void conv2dWithStrideAndPadding() {
        for (JsonNode c : Fixtures.load("conv2d.json").get("cases")) {
            boolean bias = c.get("bias").booleanValue();
            Conv2d conv = new Conv2d(c.get("in_channels").intValue(), c.get("out_channels").intValue(),
                    c.get("kernel").intValue(), c.get("stride").intValue(), c.get("padding").intValue(), bias,
                    DType.FLOAT32, new Rng(0));
            set(conv.weight().value(), c.get("weight"));
            if (bias) {
                set(conv.bias().value(), c.get("b"));
            }
            String what = conv.toString();
            run(conv, c, what);
            assertClose(what + " weight gradient", conv.weight().grad(), c.get("dweight"));
            if (bias) {
                assertClose(what + " bias gradient", conv.bias().grad(), c.get("dbias"));
            }
        }
    }

    @Test
    void batchNormTrainingStepThenEvaluation() {
        for (JsonNode c : Fixtures.load("batchnorm.json").get("cases")) {
            int features = c.get("weight").get("shape").get(0).intValue();
            double momentum = c.get("momentum").doubleValue();
            BatchNorm bn = c.get("kind").textValue().equals("BatchNorm1d")
                    ? new BatchNorm1d(features, 1e-5, momentum, true, DType.FLOAT32)
                    : new BatchNorm2d(features, 1e-5, momentum, true, DType.FLOAT32);
            set(bn.weight().value(), c.get("weight"));
            set(bn.bias().value(), c.get("bias"));
            set(bn.runningMean(), c.get("running_mean"));
            set(bn.runningVar(), c.get("running_var"));
            for (String mode : new String[] {"train", "eval"}) {
                JsonNode m = c.get(mode);
                bn.train(mode.equals("train"));
                bn.zeroGrad();
                String what = bn + " in " + mode + " mode";
                run(bn, m, what);
                assertClose(what + " gamma gradient", bn.weight().grad(), m.get("dweight"));
                assertClose(what + " beta gradient", bn.bias().grad(), m.get("dbias"));
                assertClose(what + " running mean", bn.runningMean(), m.get("running_mean"));
                assertClose(what + " running var", bn.runningVar(), m.get("running_var"));
                assertThat(bn.batchesTracked()).isEqualTo(m.get("num_batches_tracked").longValue());
            }
        }
    }

    @Test
    void activations() {
        Map<String, Supplier<Module>> layers = Map.of("ReLU", ReLU::new, "LeakyReLU", () -> new LeakyReLU(0.05),
                "Sigmoid", Sigmoid::new, "Tanh", Tanh::new, "Softplus", Softplus::new, "GELU", GELU::new,
                "ELU", () -> new ELU(0.7));
        int seen = 0;
        for (JsonNode c : Fixtures.load("activations.json").get("cases")) {
            run(layers.get(c.get("name").textValue()).get(), c, c.get("name").textValue());
            seen++;
        }
        assertThat(seen).isEqualTo(layers.size());
    }
}
