package io.descent.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Shape;
import io.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The initializers' fans and variances, and erf against Python's math.erf and math.erfc. */
class InitAndErfTest {

    private static double variance(Tensor t) {
        double[] v = t.toDoubleArray();
        double mean = 0;
        for (double x : v) {
            mean += x / v.length;
        }
        double var = 0;
        for (double x : v) {
            var += (x - mean) * (x - mean) / v.length;
        }
        return var;
    }

    @Test
    void fansAsPyTorch() {
        assertThat(Init.fanIn(Shape.of(64, 32, 5, 5))).isEqualTo(800);
        assertThat(Init.fanOut(Shape.of(64, 32, 5, 5))).isEqualTo(1600);
        assertThat(Init.fanIn(Shape.of(10, 256))).isEqualTo(256);
        assertThat(Init.leakyReluGain(Math.sqrt(5))).isEqualTo(Math.sqrt(1.0 / 3), org.assertj.core.data.Offset.offset(1e-15));
    }

    @Test
    void variancesMatchTheFormulas() {
        Rng rng = new Rng(3);
        Tensor w = Tensor.zeros(DType.FLOAT64, 300, 200);
        assertThat(variance(Init.xavierUniform(w, 1, rng))).isCloseTo(2.0 / 500, withPercentage(3));
        assertThat(variance(Init.xavierNormal(w, 2, rng))).isCloseTo(4 * 2.0 / 500, withPercentage(3));
        assertThat(variance(Init.kaimingUniform(w, Init.RELU_GAIN, Init.Fan.IN, rng))).isCloseTo(2.0 / 200, withPercentage(3));
        assertThat(variance(Init.kaimingNormal(w, Init.RELU_GAIN, Init.Fan.OUT, rng))).isCloseTo(2.0 / 300, withPercentage(3));
        Tensor f = Init.kaimingUniform(Tensor.zeros(DType.FLOAT32, 50, 40), 1, Init.Fan.IN, new Rng(1));
        for (double v : f.toDoubleArray()) {
            assertThat(Math.abs(v)).isLessThanOrEqualTo(Math.sqrt(3.0 / 40));
        }
        Tensor again = Init.kaimingUniform(Tensor.zeros(DType.FLOAT32, 50, 40), 1, Init.Fan.IN, new Rng(1));
        assertThat(again.toFloatArray()).containsExactly(f.toFloatArray());
        assertThat(Init.constant(Tensor.zeros(3), 2.5).toFloatArray()).containsExactly(2.5f, 2.5f, 2.5f);
    }

    @Test
    void erfAndErfcMatchPythonToAboutTheLastBits() {
        JsonNode table = Fixtures.load("erf.json");
        for (int i = 0; i < table.get("x").size(); i++) {
            double x = table.get("x").get(i).doubleValue();
            double erf = table.get("erf").get(i).doubleValue();
            double erfc = table.get("erfc").get(i).doubleValue();
            assertThat(Math.abs(Erf.erf(x) - erf)).as("erf(%s)", x).isLessThanOrEqualTo(2e-15 * Math.abs(erf) + 1e-300);
            assertThat(Math.abs(Erf.erfc(x) - erfc)).as("erfc(%s)", x).isLessThanOrEqualTo(5e-13 * erfc + 1e-300);
        }
        assertThat(Erf.erf(Double.POSITIVE_INFINITY)).isEqualTo(1);
        assertThat(Erf.erfc(Double.NEGATIVE_INFINITY)).isEqualTo(2);
        assertThat(Erf.erf(Double.NaN)).isNaN();
        assertThat(Erf.normalCdf(-40)).isZero();
        assertThat(Erf.normalCdf(0)).isEqualTo(0.5);
    }
}
