package io.descent.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.descent.autograd.GradMode;
import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Behaviour of the layers beyond their derivatives: shapes, modes, defaults, dtypes and error messages. */
class LayersTest {

    @Test
    void linearComputesXWTransposePlusBiasAndKeepsLeadingDimensions() {
        Linear layer = new Linear(2, 3, true, new Rng(0));
        Fixtures.set(layer.weight().value(), node(new float[] {1, 2, 3, 4, 5, 6}, 3, 2));
        Fixtures.set(layer.bias().value(), node(new float[] {0.5f, -1, 2}, 3));
        Tensor y = layer.forward(Tensor.of(new float[] {1, 1, 2, -1}, 2, 2));
        assertThat(y.toFloatArray()).containsExactly(3.5f, 6, 13, 0.5f, 1, 6);
        assertThat(layer.forward(Tensor.zeros(4, 5, 2)).shape().dims()).containsExactly(4, 5, 3);
        assertThat(layer.forward(Tensor.zeros(2)).shape().dims()).containsExactly(3);
        assertThat(layer.namedParameters().keySet()).containsExactly("weight", "bias");
        assertThat(new Linear(2, 3, false, new Rng(0)).parameterCount()).isEqualTo(6);
    }

    /**
     * Linear and Conv2d write their weight gradient straight into the parameter's buffer (GEMM's beta): used
     * twice, or after an earlier backward without zeroGrad, the contributions add up as with plain tensor ops.
     */
    @Test
    void weightGradientsWrittenInPlaceAccumulate() {
        Linear layer = new Linear(3, 3, true, DType.FLOAT64, new Rng(5));
        Tensor x = Tensor.randn(new Rng(6), DType.FLOAT64, 4, 3);
        Tensor w = layer.weight().value();
        Function<Tensor, Tensor> byOps = v -> v.matmul(w, false, true).add(layer.bias().value());
        byOps.apply(byOps.apply(x)).sum().backward();
        double[] expected = w.grad().toDoubleArray();
        layer.zeroGrad();
        layer.forward(layer.forward(x)).sum().backward();
        assertThat(w.grad().toDoubleArray()).containsExactly(expected, within(1e-12));
        layer.forward(layer.forward(x)).sum().backward();     // no zeroGrad: adds a second time
        for (int i = 0; i < expected.length; i++) {
            assertThat(w.grad().getFlat(i)).isCloseTo(2 * expected[i], within(1e-12));
        }
        Tensor computed = w.mul(Tensor.scalar(1, DType.FLOAT64));   // not a leaf: gets a new tensor to send on
        Tensor.GradientTarget t = Tensor.gradientTarget(computed);
        assertThat(t.beta()).as("a new tensor of zeros: added onto").isEqualTo(1);
        assertThat(t.tensor().toDoubleArray()).containsOnly(0.0);
        assertThat(t.result()).isSameAs(t.tensor());
        assertThat(Tensor.gradientTarget(w).result()).isNull();
    }

    @Test
    void defaultInitializationIsPyTorchsUniformBound() {
        Linear layer = new Linear(400, 50, true, new Rng(1));
        double bound = 1 / Math.sqrt(400);
        for (Tensor t : List.of(layer.weight().value(), layer.bias().value())) {
            for (double v : t.toDoubleArray()) {
                assertThat(Math.abs(v)).isLessThanOrEqualTo(bound);
            }
        }
        double[] w = layer.weight().value().toDoubleArray();
        double var = 0;
        for (double v : w) {
            var += v * v / w.length;
        }
        assertThat(var).isCloseTo(bound * bound / 3, org.assertj.core.data.Percentage.withPercentage(5));
        Conv2d conv = new Conv2d(3, 8, 5, new Rng(2));
        double cb = 1 / Math.sqrt(3 * 25);
        for (double v : conv.weight().value().toDoubleArray()) {
            assertThat(Math.abs(v)).isLessThanOrEqualTo(cb);
        }
        assertThat(new Linear(3, 2, true, new Rng(5)).weight().value().toDoubleArray())
                .containsExactly(new Linear(3, 2, true, new Rng(5)).weight().value().toDoubleArray());
    }

    @Test
    void dropoutIsInvertedSeededAndOffInEvaluation() {
        Tensor x = Tensor.ones(DType.FLOAT64, 200, 100);
        Dropout d = new Dropout(0.3, new Rng(4));
        double[] y = d.forward(x).toDoubleArray();
        int zeros = 0;
        double sum = 0;
        for (double v : y) {
            if (v == 0) {
                zeros++;
            } else {
                assertThat(v).isCloseTo(1 / 0.7, org.assertj.core.data.Offset.offset(1e-12));
            }
            sum += v;
        }
        assertThat(zeros / 20000.0).isCloseTo(0.3, org.assertj.core.data.Offset.offset(0.01));
        assertThat(sum / 20000).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.02));
        assertThat(new Dropout(0.3, new Rng(4)).forward(x).toDoubleArray()).containsExactly(y);
        assertThat(d.forward(x).toDoubleArray()).isNotEqualTo(y); // the stream moves on
        d.eval();
        assertThat(d.forward(x)).isSameAs(x);
        assertThat(new Dropout(1, new Rng(0)).forward(x).sum().item()).isZero();
        assertThat(new Dropout(0, new Rng(0)).forward(x)).isSameAs(x);
        assertThatThrownBy(() -> new Dropout(1.5, new Rng(0))).hasMessageContaining("[0, 1]");
    }

    @Test
    void trainAndEvalReachEveryDescendant() {
        Dropout inner = new Dropout(0.5, new Rng(0));
        BatchNorm1d bn = new BatchNorm1d(2);
        Sequential net = new Sequential(new Sequential(inner), bn);
        net.eval();
        assertThat(inner.isTraining()).isFalse();
        assertThat(bn.isTraining()).isFalse();
        net.train(true);
        assertThat(inner.isTraining()).isTrue();
    }

    @Test
    void namesFollowPyTorch() {
        Rng rng = new Rng(0);
        Module net = new Sequential(new Linear(2, 3, true, rng), new BatchNorm1d(3), new ReLU(),
                new Sequential(new Linear(3, 1, false, rng)));
        assertThat(net.stateDict().keySet()).containsExactly("0.weight", "0.bias", "1.weight", "1.bias", "3.0.weight",
                "1.running_mean", "1.running_var", "1.num_batches_tracked");
        assertThat(net.stateDict().get("1.num_batches_tracked").shape().rank()).isZero();
    }

    @Test
    void maxPoolAndFlattenShapes() {
        Tensor x = Tensor.randn(new Rng(0), DType.FLOAT32, 2, 3, 7, 6);
        assertThat(new MaxPool2d(2).forward(x).shape().dims()).containsExactly(2, 3, 3, 3);
        assertThat(new MaxPool2d(3, 1).forward(x).shape().dims()).containsExactly(2, 3, 5, 4);
        assertThat(new Flatten().forward(x).shape().dims()).containsExactly(2, 126);
        Tensor nan = Tensor.of(new float[] {1, Float.NaN, 3, 4}, 1, 1, 2, 2);
        assertThat(new MaxPool2d(2).forward(nan).item()).isNaN();
    }

    /**
     * A ReLU after a Linear layer rectifies the layer's output in place, recorded or not, with the values and
     * gradients of the out-of-place ReLU; the output of any other op, and a leaf, are never changed in place.
     */
    @Test
    void reluInPlaceOnlyWhereNoGradientReadsTheValues() {
        Tensor leaf = Tensor.of(new float[] {-1, 2}, 2).requiresGrad(true);
        Tensor scaled = leaf.mul(Tensor.scalar(3));
        assertThat(scaled.reluInPlace().toFloatArray()).containsExactly(0, 6);
        assertThat(scaled.toFloatArray()).as("the result of mul is left as it was").containsExactly(-3, 6);
        assertThat(leaf.reluInPlace().toFloatArray()).containsExactly(0, 2);
        assertThat(leaf.toFloatArray()).as("a leaf is left as it was").containsExactly(-1, 2);
        Linear layer = new Linear(2, 2, true, new Rng(3));
        Tensor out = layer.forward(Tensor.of(new float[] {1, -1, -2, 1}, 2, 2).requiresGrad(true));
        double[] rectified = out.relu().toDoubleArray();
        assertThat(out.reluInPlace().toDoubleArray()).containsExactly(rectified);
        assertThat(out.toDoubleArray()).as("a linear layer's output is rectified in place").containsExactly(rectified);
    }

    /** After BatchNorm too: the same loss and parameter gradients as the layers run with the ordinary ReLU. */
    @Test
    void reluInPlaceAfterBatchNormKeepsEveryGradient() {
        Rng rng = new Rng(11);
        Linear first = new Linear(6, 5, true, rng);
        BatchNorm1d norm = new BatchNorm1d(5);
        Linear last = new Linear(5, 2, true, rng);
        Sequential net = new Sequential(first, norm, new ReLU(), last);
        Tensor x = Tensor.randn(new Rng(12), DType.FLOAT32, 8, 6);
        net.forward(x).sum().backward();
        List<double[]> inPlace = net.parameters().stream().map(p -> p.grad().toDoubleArray()).toList();
        net.zeroGrad();
        last.forward(norm.forward(first.forward(x)).relu()).sum().backward();
        List<double[]> ordinary = net.parameters().stream().map(p -> p.grad().toDoubleArray()).toList();
        for (int i = 0; i < inPlace.size(); i++) {
            assertThat(inPlace.get(i)).as("parameter " + i).containsExactly(ordinary.get(i));
        }
    }

    @Test
    void sequentialRectifiesInPlaceWithTheGradientsOfTheOrdinaryRelu() {
        Rng rng = new Rng(4);
        Linear a = new Linear(5, 7, true, rng);
        Linear b = new Linear(7, 3, true, rng);
        Sequential net = new Sequential(new ReLU(), a, new ReLU(), b, new ReLU());
        Tensor x = Tensor.randn(new Rng(5), DType.FLOAT32, 6, 5);
        float[] before = x.toFloatArray();
        float[] expected;
        try (var scope = io.descent.autograd.GradMode.disabled()) {
            expected = b.forward(a.forward(x.relu()).relu()).relu().toFloatArray();
            assertThat(net.forward(x).toFloatArray()).containsExactly(expected);
        }
        assertThat(x.toFloatArray()).as("the input is never rectified in place").containsExactly(before);
        // Recording: the same values, and gradients through the ordinary (out-of-place) ReLU.
        Tensor xr = x.detach().requiresGrad(true);
        Tensor y = net.forward(xr);
        assertThat(y.toFloatArray()).containsExactly(expected);
        y.sum().backward();
        Tensor x2 = x.detach().requiresGrad(true);
        b.forward(a.forward(x2.relu()).relu()).relu().sum().backward();
        assertThat(x2.grad().toFloatArray()).containsExactly(xr.grad().toFloatArray());
    }

    @Test
    void maxPool2x2TiesNanAndViews() {
        // Ties go to the first element in row-major order (as PyTorch), a NaN wins over every number, and the
        // first NaN over later ones; the same from a view whose data starts at an offset.
        Tensor big = Tensor.of(new float[] {
            9, 9, 9, 9, 9, 9, 9, 9,                            // sample 0, not in the view
            5, 5, 1, Float.NaN, 2, 7, 3, 3,                     // sample 1: rows [5 5 1 NaN] and [2 7 3 3]
        }, 2, 1, 2, 4);
        Tensor x = big.sliceRows(1, 2).requiresGrad(true);
        Tensor y = new MaxPool2d(2).forward(x);
        assertThat(y.getFlat(0)).isEqualTo(7f);
        assertThat(y.getFlat(1)).isNaN();
        y.backward(Tensor.of(new float[] {1, 10}, 1, 1, 1, 2));
        assertThat(x.grad().toFloatArray()).containsExactly(0, 0, 0, 10, 0, 1, 0, 0);
        Tensor tie = Tensor.of(new float[] {4, 4, 4, 4, Float.NaN, 1, Float.NaN, 2}, 1, 2, 2, 2).requiresGrad(true);
        new MaxPool2d(2).forward(tie).backward(Tensor.of(new float[] {1, 2}, 1, 2, 1, 1));
        assertThat(tie.grad().toFloatArray()).containsExactly(1, 0, 0, 0, 2, 0, 0, 0);
    }

    @Test
    void activationsAtHandPicked() {
        Tensor x = Tensor.of(new double[] {-1000, -2, 0, 1.5, 1000}, 5);
        assertThat(new LeakyReLU(0.1).forward(x).toDoubleArray()).containsExactly(-100, -0.2, 0, 1.5, 1000);
        assertThat(new ELU(2).forward(x).getFlat(1)).isCloseTo(2 * (Math.exp(-2) - 1), org.assertj.core.data.Offset.offset(1e-15));
        double[] sp = new Softplus().forward(x).toDoubleArray();
        assertThat(sp[0]).isZero();
        assertThat(sp[2]).isCloseTo(Math.log(2), org.assertj.core.data.Offset.offset(1e-15));
        assertThat(sp[4]).isEqualTo(1000);
        double[] gelu = new GELU().forward(x).toDoubleArray();
        assertThat(gelu[0]).isEqualTo(-0.0);
        assertThat(gelu[3]).isCloseTo(1.5 * 0.9331927987311419, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(gelu[4]).isEqualTo(1000);
    }

    @Test
    void everyLayerRunsInFloat32AndFloat64AndTheyAgree() {
        List<Function<DType, Module>> layers = List.of(
                dt -> new Linear(6, 4, true, dt, new Rng(1)),
                dt -> new Sequential(new Conv2d(1, 2, 3, 2, 1, true, dt, new Rng(2)), new MaxPool2d(2), new Flatten()),
                dt -> new BatchNorm1d(6, dt),
                dt -> new Sequential(new Flatten(), new BatchNorm1d(6, dt)),
                dt -> new Dropout(0.5, new Rng(3)),
                dt -> new ReLU(), dt -> new LeakyReLU(), dt -> new Sigmoid(), dt -> new Tanh(), dt -> new Softplus(),
                dt -> new GELU(), dt -> new ELU());
        for (Function<DType, Module> make : layers) {
            Module m32 = make.apply(DType.FLOAT32);
            Module m64 = make.apply(DType.FLOAT64);
            boolean image = m32.toString().contains("Conv2d");
            int[] shape = image ? new int[] {3, 1, 6, 6} : new int[] {3, 6};
            Tensor x64 = Tensor.randn(new Rng(9), DType.FLOAT64, shape);
            Tensor y32 = m32.forward(x64.to(DType.FLOAT32).requiresGrad(true));
            Tensor y64 = m64.forward(x64.requiresGrad(true));
            assertThat(y32.dtype()).isEqualTo(DType.FLOAT32);
            assertThat(y64.dtype()).isEqualTo(DType.FLOAT64);
            double[] a = y32.toDoubleArray();
            double[] b = y64.toDoubleArray();
            for (int i = 0; i < a.length; i++) {
                assertThat(a[i]).as(m32 + " element " + i).isCloseTo(b[i], org.assertj.core.data.Offset.offset(1e-5));
            }
            y32.sum().backward();
            y64.sum().backward();
        }
    }

    @Test
    void errorsNameTheLayerAndWhatWasExpected() {
        Linear lin = new Linear(3, 2, true, new Rng(0));
        assertThatThrownBy(() -> lin.forward(Tensor.zeros(4, 5)))
                .hasMessageContaining("Linear(in_features=3, out_features=2").hasMessageContaining("[4, 5]")
                .hasMessageContaining("3 features");
        assertThatThrownBy(() -> lin.forward(Tensor.zeros(DType.FLOAT64, 4, 3)))
                .hasMessageContaining("input is float64").hasMessageContaining("layer is float32");
        Conv2d conv = new Conv2d(2, 4, 3, new Rng(0));
        assertThatThrownBy(() -> conv.forward(Tensor.zeros(1, 3, 5, 5))).hasMessageContaining("[N, 2, H, W]");
        assertThatThrownBy(() -> conv.forward(Tensor.zeros(1, 2, 2, 5))).hasMessageContaining("smaller than the kernel");
        assertThatThrownBy(() -> new MaxPool2d(3).forward(Tensor.zeros(1, 1, 2, 2))).hasMessageContaining("H and W >= 3");
        assertThatThrownBy(() -> new Conv2d(1, 1, 3, 0, 0, true, DType.FLOAT32, new Rng(0))).hasMessageContaining("stride");
        assertThatThrownBy(() -> new Linear(0, 2, true, new Rng(0))).hasMessageContaining(">= 1");
    }

    @Test
    void predictionsWithoutGradModeRecordNothing() {
        Module net = Models.mlp(4, 2).hidden(8).batchNorm(true).dropout(0.2).build();
        net.eval();
        try (var scope = GradMode.disabled()) {
            assertThat(net.forward(Tensor.randn(new Rng(0), DType.FLOAT32, 5, 4)).requiresGrad()).isFalse();
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode node(float[] data, int... shape) {
        var m = new com.fasterxml.jackson.databind.ObjectMapper();
        var n = m.createObjectNode();
        var s = n.putArray("shape");
        for (int d : shape) {
            s.add(d);
        }
        var a = n.putArray("data");
        for (float v : data) {
            a.add(v);
        }
        return n;
    }
}
