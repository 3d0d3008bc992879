package io.descent.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.descent.data.CsrMatrix;
import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * For random CSR batches (empty rows, increasing duplicate-free columns, any density) and layer sizes, the sparse
 * forward pass and gradients equal the dense ones on {@code toDense} of the same batch.
 */
class SparseLinearProperties {

    @Property(tries = 200)
    void sparseEqualsDense(@ForAll @IntRange(min = 0, max = 12) int rows, @ForAll @IntRange(min = 1, max = 30) int cols,
            @ForAll @IntRange(min = 1, max = 5) int out, @ForAll @DoubleRange(min = 0, max = 1) double density,
            @ForAll @IntRange(min = 0, max = 3) int emptyEvery, @ForAll boolean bias, @ForAll boolean f64,
            @ForAll long seed) {
        DType dtype = f64 ? DType.FLOAT64 : DType.FLOAT32;
        CsrMatrix x = SparseRows.random(rows, cols, density, emptyEvery, seed);
        Linear sparse = new Linear(cols, out, bias, dtype, new Rng(seed));
        Linear dense = new Linear(cols, out, bias, dtype, new Rng(seed));
        Tensor ys = sparse.forwardSparse(x);
        Tensor yd = dense.forward(x.toDense(dtype));
        double tol = f64 ? 1e-12 : 1e-5;
        assertThat(ys.shape()).isEqualTo(yd.shape());
        assertThat(ys.toDoubleArray()).containsExactly(yd.toDoubleArray(), within(tol));
        Tensor r = Tensor.uniform(new Rng(seed + 1), 0.5, 1.5, dtype, rows, out);
        ys.mul(r).sum().backward();
        yd.mul(r).sum().backward();
        if (rows == 0) {
            return;                                  // an empty batch: the gradients are zeros on both sides
        }
        assertThat(sparse.weight().grad().toDoubleArray())
                .containsExactly(dense.weight().grad().toDoubleArray(), within(tol * 10));
        if (bias) {
            assertThat(sparse.bias().grad().toDoubleArray())
                    .containsExactly(dense.bias().grad().toDoubleArray(), within(tol * 10));
        }
    }
}
