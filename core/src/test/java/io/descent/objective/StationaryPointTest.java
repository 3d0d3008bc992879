package io.descent.objective;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.objective.StationaryPoint.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StationaryPointTest {

    /** Q diag(l1, l2, l3) Q' with Q a rotation mixing all axes, so the kind must come from the eigenvalues. */
    static double[][] rotated(double l1, double l2, double l3) {
        double c = Math.cos(0.7), s = Math.sin(0.7);
        double[][] q = {{c, -s, 0}, {s * c, c * c, -s}, {s * s, s * c, c}};
        double[] l = {l1, l2, l3};
        double[][] h = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int p = 0; p < 3; p++) {
                    h[i][j] += q[i][p] * l[p] * q[j][p];
                }
            }
        }
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < i; j++) {
                h[i][j] = h[j][i];
            }
        }
        return h;
    }

    @ParameterizedTest
    @CsvSource({
        "1, 2, 3, MINIMUM",
        "-1, -2, -0.5, MAXIMUM",
        "1, -2, 3, SADDLE",
        "1, -2, 0, SADDLE",
        "1, 2, 0, DEGENERATE",
        "-1, 0, 0, DEGENERATE",
        "0, 0, 0, DEGENERATE",
        "1e-3, 1e3, 5, MINIMUM"})
    void kindFollowsTheSignsOfTheEigenvalues(double l1, double l2, double l3, Kind kind) {
        assertThat(StationaryPoint.classify(rotated(l1, l2, l3))).isEqualTo(kind);
    }

    @Test
    void eigenvaluesBelowTheToleranceCountAsZero() {
        assertThat(StationaryPoint.classify(new double[][] {{1e-12, 0}, {0, 1}})).isEqualTo(Kind.DEGENERATE);
        assertThat(StationaryPoint.classify(new double[][] {{1e-6, 0}, {0, 1}})).isEqualTo(Kind.MINIMUM);
    }
}
