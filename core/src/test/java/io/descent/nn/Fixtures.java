package io.descent.nn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.descent.autograd.GradMode;
import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The PyTorch parity fixtures made by {@code core/src/test/python/make_nn_fixtures.py}: tensors as
 * {"shape": [...], "data": [...]}, read here as float32 tensors, and the comparison the parity tests use.
 */
public final class Fixtures {
    /** Parity tolerance: |actual - expected| <= TOLERANCE max(1, |expected|). */
    public static final double TOLERANCE = 1e-5;

    private Fixtures() {
    }

    public static JsonNode load(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/nn/" + name)) {
            if (in == null) {
                throw new IllegalStateException("fixture " + name + " is missing; run make_nn_fixtures.py");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture tensor as float32. */
    public static Tensor tensor(JsonNode node) {
        JsonNode shape = node.get("shape");
        int[] dims = new int[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shape.get(i).intValue();
        }
        JsonNode data = node.get("data");
        float[] values = new float[data.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) data.get(i).doubleValue();
        }
        return Tensor.of(values, dims);
    }

    /** Copies a fixture tensor into a parameter or buffer, outside any graph. */
    public static void set(Tensor target, JsonNode node) {
        try (var scope = GradMode.disabled()) {
            target.copyFrom(tensor(node).to(target.dtype()));
        }
    }

    /** Asserts {@code actual} matches the fixture tensor in shape and, element by element, to {@link #TOLERANCE}. */
    public static void assertClose(String what, Tensor actual, JsonNode expected) {
        Tensor e = tensor(expected);
        assertThat(actual.shape()).as(what + " shape").isEqualTo(e.shape());
        assertClose(what, actual.toDoubleArray(), e.toDoubleArray());
    }

    public static void assertClose(String what, double[] actual, double[] expected) {
        assertThat(actual.length).as(what + " size").isEqualTo(expected.length);
        for (int i = 0; i < actual.length; i++) {
            double tol = TOLERANCE * Math.max(1, Math.abs(expected[i]));
            assertThat(Math.abs(actual[i] - expected[i])).as("%s element %d: %s vs PyTorch %s", what, i, actual[i],
                    expected[i]).isLessThanOrEqualTo(tol);
        }
    }

    /** A float32 tensor as the given dtype. */
    public static Tensor tensor(JsonNode node, DType dtype) {
        return tensor(node).to(dtype);
    }
}
