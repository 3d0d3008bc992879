package io.descent.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.descent.autograd.GradMode;
import io.descent.testing.GradCheck;
import org.junit.jupiter.api.Test;

class TensorTest {

    private static Tensor m(double[] v, int... shape) {
        return Tensor.of(v, shape);
    }

    @Test
    void creationAndDefaults() {
        assertThat(Tensor.zeros(2, 3).dtype()).isEqualTo(DType.FLOAT32);
        assertThat(Tensor.ones(DType.FLOAT64, 2).toDoubleArray()).containsExactly(1, 1);
        assertThat(Tensor.full(7, DType.FLOAT32, 2, 2).toDoubleArray()).containsExactly(7, 7, 7, 7);
        assertThat(Tensor.arange(4).toDoubleArray()).containsExactly(0, 1, 2, 3);
        assertThat(Tensor.scalar(3).rank()).isZero();
        assertThat(Tensor.scalar(3).item()).isEqualTo(3);
        assertThat(Tensor.zeros(1, 2, 3, 4).rank()).isEqualTo(4);
        assertThatThrownBy(() -> Tensor.zeros(1, 2, 3, 4, 5)).hasMessageContaining("maximum rank 4");
        assertThatThrownBy(() -> Tensor.of(new float[] {1, 2, 3}, 2, 2)).hasMessageContaining("3 values do not fill shape [2, 2]");
    }

    @Test
    void seededRandomIsReproducibleAndHasTheRightMoments() {
        Tensor a = Tensor.randn(new Rng(42), DType.FLOAT64, 10000);
        Tensor b = Tensor.randn(new Rng(42), DType.FLOAT64, 10000);
        assertThat(a.toDoubleArray()).containsExactly(b.toDoubleArray());
        assertThat(a.mean().item()).isCloseTo(0, within(0.03));
        assertThat(a.mul(a).mean().item()).isCloseTo(1, within(0.05));
        // The stream itself is fixed by the algorithm (SplitMix64), so these first values hold on every machine.
        assertThat(new Rng(0).nextLong()).isEqualTo(0xE220A8397B1DCDAFL);
        Tensor u = Tensor.uniform(new Rng(1), -2, 3, DType.FLOAT32, 1000);
        assertThat(u.max().item()).isLessThan(3);
        assertThat(u.neg().max().item()).isLessThanOrEqualTo(2);
    }

    @Test
    void broadcastingRowVectorScalarAndPerChannel() {
        Tensor x = m(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertThat(x.add(m(new double[] {10, 20, 30}, 3)).toDoubleArray()).containsExactly(11, 22, 33, 14, 25, 36);
        assertThat(x.mul(Tensor.scalar(2, DType.FLOAT64)).toDoubleArray()).containsExactly(2, 4, 6, 8, 10, 12);
        assertThat(x.sub(m(new double[] {1, 2}, 2, 1)).toDoubleArray()).containsExactly(0, 1, 2, 2, 3, 4);
        Tensor nchw = Tensor.ones(DType.FLOAT64, 2, 2, 1, 2);
        Tensor perChannel = m(new double[] {3, 5}, 1, 2, 1, 1);
        assertThat(nchw.mul(perChannel).toDoubleArray()).containsExactly(3, 3, 5, 5, 3, 3, 5, 5);
        assertThatThrownBy(() -> x.add(m(new double[] {1, 2}, 2)))
                .hasMessageContaining("add: [2, 3] and [2]: shapes do not broadcast");
    }

    @Test
    void reductionsByHand() {
        Tensor x = m(new double[] {1, 5, 3, 4, 2, 6}, 2, 3);
        assertThat(x.sum().item()).isEqualTo(21);
        assertThat(x.mean().item()).isEqualTo(3.5);
        assertThat(x.sum(0, false).toDoubleArray()).containsExactly(5, 7, 9);
        assertThat(x.sum(1, true).shape()).isEqualTo(Shape.of(2, 1));
        assertThat(x.sum(1, true).toDoubleArray()).containsExactly(9, 12);
        assertThat(x.mean(1, false).toDoubleArray()).containsExactly(3, 4);
        assertThat(x.max(1, false).toDoubleArray()).containsExactly(5, 6);
        assertThat(x.max(0, false).toDoubleArray()).containsExactly(4, 5, 6);
        assertThat(x.argmax(1)).containsExactly(1, 2);
        assertThat(x.argmax(0)).containsExactly(1, 0, 1);
        assertThat(x.max().item()).isEqualTo(6);
    }

    @Test
    void elementWiseAndComparisons() {
        Tensor x = m(new double[] {-2, 0, 4}, 3);
        assertThat(x.relu().toDoubleArray()).containsExactly(0, 0, 4);
        assertThat(x.abs().toDoubleArray()).containsExactly(2, 0, 4);
        assertThat(x.max(1).toDoubleArray()).containsExactly(1, 1, 4);
        assertThat(x.min(1).toDoubleArray()).containsExactly(-2, 0, 1);
        assertThat(x.pow(2).toDoubleArray()).containsExactly(4, 0, 16);
        assertThat(x.gt(0).toDoubleArray()).containsExactly(0, 0, 1);
        assertThat(x.le(0).toDoubleArray()).containsExactly(1, 1, 0);
        assertThat(x.eq(m(new double[] {-2, 1, 4}, 3)).toDoubleArray()).containsExactly(1, 0, 1);
        assertThat(m(new double[] {4, 9}, 2).sqrt().toDoubleArray()).containsExactly(2, 3);
    }

    /** The branch-free ReLU keeps PyTorch's edge cases: -0 gives +0 and gradient 0, NaN stays NaN and passes g. */
    @Test
    void reluEdgeCasesInBothTypes() {
        for (DType type : DType.values()) {
            Tensor x = Tensor.of(new double[] {-0.0, 0, Double.NaN, -3, 2, Float.MIN_VALUE}, 6).to(type)
                    .requiresGrad(true);
            Tensor y = x.relu();
            assertThat(y.toDoubleArray()).containsExactly(0, 0, Double.NaN, 0, 2, Float.MIN_VALUE);
            assertThat(Double.doubleToRawLongBits(y.getFlat(0))).isZero();
            y.backward(Tensor.of(new double[] {-5, -5, -5, -5, -5, -5}, 6).to(type));
            assertThat(x.grad().toDoubleArray()).containsExactly(0, 0, -5, 0, -5, -5);
        }
    }

    @Test
    void softmaxIsStableAtLargeLogits() {
        Tensor logits = Tensor.of(new float[] {1000, 0, -1000, 1000}, 1, 4);
        Tensor s = logits.softmax(1);
        assertThat(s.toDoubleArray()).containsExactly(0.5, 0, 0, 0.5);
        Tensor ls = logits.logSoftmax(1);
        assertThat(ls.getFlat(0)).isCloseTo(-Math.log(2), within(1e-6));
        assertThat(ls.getFlat(2)).isCloseTo(-2000 - Math.log(2), within(1e-2));
        for (double v : ls.toDoubleArray()) {
            assertThat(v).isFinite();
        }
        Tensor sig = Tensor.of(new double[] {-1000, 1000}, 2).sigmoid();
        assertThat(sig.toDoubleArray()).containsExactly(0, 1);
    }

    @Test
    void matmulAgainstHandValuesWithTransposeFlags() {
        Tensor a = m(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = m(new double[] {7, 8, 9, 10, 11, 12}, 3, 2);
        assertThat(a.matmul(b).toDoubleArray()).containsExactly(58, 64, 139, 154);
        assertThat(a.transpose().matmul(b.transpose()).toDoubleArray())
                .containsExactly(a.matmul(b, true, true).toDoubleArray());
        assertThat(a.matmul(a, false, true).toDoubleArray()).containsExactly(14, 32, 32, 77);
        assertThat(a.matmul(a, true, false).shape()).isEqualTo(Shape.of(3, 3));
        Tensor f = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertThat(f.matmul(Tensor.of(new float[] {7, 8, 9, 10, 11, 12}, 3, 2)).toDoubleArray()).containsExactly(58, 64, 139, 154);
    }

    @Test
    void errorsNameTheOpAndBothShapes() {
        assertThatThrownBy(() -> Tensor.zeros(128, 784).matmul(Tensor.zeros(10, 784)))
                .hasMessage("matmul: [128, 784] x [10, 784]: inner dimensions 784 and 10 differ");
        assertThatThrownBy(() -> Tensor.zeros(2, 3).add(Tensor.zeros(DType.FLOAT64, 2, 3)))
                .hasMessageContaining("add: float32 [2, 3] and float64 [2, 3]: dtypes differ");
        assertThatThrownBy(() -> Tensor.zeros(2, 3).reshape(4, 2))
                .hasMessageContaining("reshape: [2, 3] to [4, 2]");
        assertThatThrownBy(() -> Tensor.zeros(2, 3).sliceRows(1, 5)).hasMessageContaining("rows [1, 5) of [2, 3]");
        assertThatThrownBy(() -> Tensor.concat(0, Tensor.zeros(2, 3), Tensor.zeros(2, 4)))
                .hasMessageContaining("concat along axis 0: [2, 3] and [2, 4] differ in dimension 1");
    }

    @Test
    void viewsShareStorage() {
        Tensor x = Tensor.arange(DType.FLOAT64, 12).reshape(4, 3);
        Tensor rows = x.sliceRows(1, 3);
        assertThat(rows.toDoubleArray()).containsExactly(3, 4, 5, 6, 7, 8);
        assertThat(rows.offset()).isEqualTo(3);
        rows.set(-1, 0, 0);
        assertThat(x.get(1, 0)).isEqualTo(-1);
        assertThat(x.reshape(2, -1).shape()).isEqualTo(Shape.of(2, 6));
        assertThat(x.gatherRows(new int[] {3, 0}).toDoubleArray()).containsExactly(9, 10, 11, 0, 1, 2);
        assertThat(Tensor.concat(1, x.sliceRows(0, 1), x.sliceRows(3, 4)).toDoubleArray()).containsExactly(0, 1, 2, 9, 10, 11);
    }

    @Test
    void aTensorUsedTwiceGetsBothContributions() {
        Tensor x = Tensor.of(new double[] {3}, 1).requiresGrad(true);
        Tensor y = x.mul(x).add(x.mul(2)); // x^2 + 2x: dy/dx = 2x + 2 = 8
        y.sum().backward();
        assertThat(x.grad().item()).isEqualTo(8);
        // A second backward pass accumulates, as in PyTorch, until zeroGrad.
        x.mul(x).sum().backward();
        assertThat(x.grad().item()).isEqualTo(14);
        x.zeroGrad();
        assertThat(x.grad().item()).isZero();
    }

    /** zeroGrad() writes its zeros lazily: a backward pass after it overwrites the buffer, never adds to stale values. */
    @Test
    void aBackwardPassAfterZeroGradStartsFromZero() {
        Tensor x = Tensor.of(new double[] {3}, 1).requiresGrad(true);
        x.mul(x).sum().backward();
        Tensor buffer = x.grad();
        x.zeroGrad();
        x.mul(5).sum().backward();                      // accumulated through the tape: overwrites
        assertThat(x.grad().item()).isEqualTo(5);
        assertThat(x.grad()).isSameAs(buffer);          // the buffer is kept
        x.zeroGrad();
        x.zeroGrad();
        Tensor.GradientTarget t = Tensor.gradientTarget(x);   // written by a fused kernel: beta 0 after zeroGrad
        assertThat(t.beta()).isZero();
        assertThat(Tensor.gradientTarget(x).beta()).isEqualTo(1);
        Tensor fresh = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor.GradientTarget first = Tensor.gradientTarget(fresh);   // a new buffer, zeros: added onto
        assertThat(first.beta()).isEqualTo(1);
        assertThat(first.tensor().toDoubleArray()).containsExactly(0, 0);
        assertThat(fresh.grad()).isSameAs(first.tensor());
    }

    @Test
    void noGradScopeDetachAndErrors() {
        Tensor w = Tensor.ones(DType.FLOAT64, 2).requiresGrad(true);
        try (var scope = GradMode.disabled()) {
            assertThat(w.mul(3).requiresGrad()).isFalse();
            w.fill(2); // in-place is allowed without recording
        }
        assertThat(w.mul(3).requiresGrad()).isTrue();
        assertThat(w.detach().requiresGrad()).isFalse();
        assertThatThrownBy(() -> w.fill(0)).hasMessageContaining("GradMode.disabled()");
        assertThatThrownBy(() -> w.mul(2).backward()).hasMessageContaining("needs a scalar");
        assertThatThrownBy(() -> Tensor.ones(2).sum().backward()).hasMessageContaining("does not require grad");
        Tensor loss = w.mul(w).sum();
        loss.backward();
        assertThatThrownBy(loss::backward).hasMessageContaining("a second time");
    }

    @Test
    void deepGraphsDoNotOverflowTheStack() {
        Tensor x = Tensor.scalar(0.5, DType.FLOAT64).requiresGrad(true);
        Tensor y = x;
        for (int i = 0; i < 100_000; i++) {
            y = y.mul(1.0);
        }
        y.backward();
        assertThat(x.grad().item()).isEqualTo(1.0);
    }

    @Test
    void gradCheckDetectsAWrongDerivative() {
        // A deliberately wrong rule (d/dx x^2 taken as x) must be caught, or the checks prove nothing.
        Tensor x = Tensor.of(new double[] {1.5, -0.7}, 2);
        double err = GradCheck.maxError(t -> Tensor.record("bad", t[0].detach().mul(t[0].detach()),
                g -> new Tensor[] {g.mul(t[0].detach())}, t[0]), x);
        assertThat(err).isGreaterThan(0.1);
    }

    @Test
    void float32AndFloat64AgreeAndCast() {
        Tensor d = Tensor.randn(new Rng(3), DType.FLOAT64, 4, 5);
        Tensor f = d.to(DType.FLOAT32);
        assertThat(f.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(f.exp().sum().item()).isCloseTo(d.exp().sum().item(), within(1e-4));
    }
}
