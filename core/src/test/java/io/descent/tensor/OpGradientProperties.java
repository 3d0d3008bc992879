package io.descent.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.testing.GradCheck;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Every differentiable op against central finite differences in float64, over shapes drawn by jqwik. */
class OpGradientProperties {
    private static final double TOLERANCE = 1e-6;

    @Provide
    Arbitrary<int[]> shapes() {
        return Arbitraries.integers().between(1, 4).flatMap(rank ->
                Arbitraries.integers().between(1, 4).array(int[].class).ofSize(rank));
    }

    @Provide
    Arbitrary<int[]> matrices() {
        return Combinators.combine(Arbitraries.integers().between(1, 5), Arbitraries.integers().between(1, 5),
                Arbitraries.integers().between(1, 5)).as((m, k, n) -> new int[] {m, k, n});
    }

    private static Tensor random(long seed, int... shape) {
        return Tensor.randn(new Rng(seed), DType.FLOAT64, shape);
    }

    /** Values whose magnitude is at least 0.1 away from {@code c}, so kinks at c are not straddled. */
    private static Tensor awayFrom(double c, long seed, int... shape) {
        Tensor t = random(seed, shape);
        for (int i = 0; i < t.size(); i++) {
            double v = t.getFlat(i);
            t.setFlat(i, c + Math.copySign(Math.abs(v) + 0.1, v));
        }
        return t;
    }

    private static Tensor positive(long seed, int... shape) {
        return Tensor.uniform(new Rng(seed), 0.5, 2.0, DType.FLOAT64, shape);
    }

    private static void check(java.util.function.Function<Tensor[], Tensor> f, Tensor... inputs) {
        assertThat(GradCheck.maxError(f, inputs)).isLessThanOrEqualTo(TOLERANCE);
    }

    @Property(tries = 30)
    void binaryOpsSameShape(@ForAll("shapes") int[] shape, @ForAll long seed) {
        Tensor a = random(seed, shape);
        Tensor b = awayFrom(0, seed + 1, shape);
        check(t -> t[0].add(t[1]), a, b);
        check(t -> t[0].sub(t[1]), a, b);
        check(t -> t[0].mul(t[1]), a, b);
        check(t -> t[0].div(t[1]), a, b);
    }

    @Property(tries = 30)
    void binaryOpsBroadcastRowVectorAndScalar(@ForAll("shapes") int[] shape, @ForAll long seed) {
        Tensor a = random(seed, shape);
        Tensor row = awayFrom(0, seed + 1, shape[shape.length - 1]);
        Tensor scalar = awayFrom(0, seed + 2);
        check(t -> t[0].add(t[1]), a, row);
        check(t -> t[0].mul(t[1]), a, row);
        check(t -> t[0].div(t[1]), a, row);
        check(t -> t[1].sub(t[0]), a, row);
        check(t -> t[0].mul(t[1]), a, scalar);
        check(t -> t[1].div(t[0].abs().add(1)), a, scalar);
    }

    @Property(tries = 20)
    void perChannelBroadcastOverNchw(@ForAll @IntRange(min = 1, max = 3) int n, @ForAll @IntRange(min = 1, max = 3) int c,
            @ForAll @IntRange(min = 1, max = 3) int h, @ForAll long seed) {
        Tensor x = random(seed, n, c, h, 2);
        Tensor perChannel = awayFrom(0, seed + 1, 1, c, 1, 1);
        check(t -> t[0].mul(t[1]).add(t[1]), x, perChannel);
        check(t -> t[0].div(t[1]), x, perChannel);
    }

    @Property(tries = 30)
    void unaryOps(@ForAll("shapes") int[] shape, @ForAll long seed) {
        Tensor x = random(seed, shape);
        Tensor pos = positive(seed, shape);
        Tensor offZero = awayFrom(0, seed, shape);
        check(t -> t[0].neg(), x);
        check(t -> t[0].exp(), x);
        check(t -> t[0].log(), pos);
        check(t -> t[0].sqrt(), pos);
        check(t -> t[0].pow(3), x);
        check(t -> t[0].pow(-1.5), pos);
        check(t -> t[0].abs(), offZero);
        check(t -> t[0].relu(), offZero);
        check(t -> t[0].sigmoid(), x);
        check(t -> t[0].tanh(), x);
        check(t -> t[0].add(2.5).mul(-3).rsub(1).div(4), x);
        check(t -> t[0].max(0.3), awayFrom(0.3, seed, shape));
        check(t -> t[0].min(-0.2), awayFrom(-0.2, seed, shape));
    }

    @Property(tries = 30)
    void reductions(@ForAll("shapes") int[] shape, @ForAll long seed, @ForAll @IntRange(min = 0, max = 3) int axisSeed) {
        Tensor x = random(seed, shape);
        int axis = axisSeed % shape.length;
        check(t -> t[0].sum(), x);
        check(t -> t[0].mean(), x);
        check(t -> t[0].sum(axis, true), x);
        check(t -> t[0].sum(axis, false), x);
        check(t -> t[0].mean(axis, false), x);
        check(t -> t[0].max(axis, false), x);
        check(t -> t[0].max(), x);
    }

    @Property(tries = 30)
    void softmaxFamily(@ForAll("shapes") int[] shape, @ForAll long seed, @ForAll @IntRange(min = 0, max = 3) int axisSeed) {
        Tensor x = random(seed, shape);
        int axis = axisSeed % shape.length;
        check(t -> t[0].softmax(axis), x);
        check(t -> t[0].logSoftmax(axis), x);
        check(t -> t[0].softmax(-1), x);
    }

    @Property(tries = 30)
    void matmulWithEveryTransposeFlag(@ForAll("matrices") int[] mkn, @ForAll long seed) {
        int m = mkn[0];
        int k = mkn[1];
        int n = mkn[2];
        check(t -> t[0].matmul(t[1]), random(seed, m, k), random(seed + 1, k, n));
        check(t -> t[0].matmul(t[1], true, false), random(seed, k, m), random(seed + 1, k, n));
        check(t -> t[0].matmul(t[1], false, true), random(seed, m, k), random(seed + 1, n, k));
        check(t -> t[0].matmul(t[1], true, true), random(seed, k, m), random(seed + 1, n, k));
    }

    @Property(tries = 30)
    void shapeOps(@ForAll("shapes") int[] shape, @ForAll long seed) {
        Tensor x = random(seed, shape);
        int rows = shape[0];
        check(t -> t[0].reshape(-1), x);
        check(t -> t[0].flatten().mul(t[0].flatten()), x);
        check(t -> t[0].flattenFrom1(), x);
        check(t -> t[0].reshape(x.size(), 1).transpose(), x);
        check(t -> t[0].sliceRows(rows / 2, rows), x);
        check(t -> Tensor.concat(0, t[0], t[0].mul(2)), x);
        check(t -> Tensor.concat(shape.length - 1, t[0], t[0].exp()), x);
    }

    @Property(tries = 20)
    void composedExpressionUsesInputsSeveralTimes(@ForAll("matrices") int[] mkn, @ForAll long seed) {
        Tensor x = random(seed, mkn[0], mkn[1]);
        Tensor w = random(seed + 1, mkn[2], mkn[1]);
        Tensor b = random(seed + 2, mkn[2]);
        check(t -> t[0].matmul(t[1], false, true).add(t[2]).tanh().mul(t[0].sum()).logSoftmax(1), x, w, b);
    }
}
