package io.descent.cli.lecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Wilson et al.'s decay rules decay at the right epochs, and the grid's best point is chosen by validation. */
class WilsonProtocolTest {

    private static double[] factors(WilsonProtocol.Decay d, double... devErrors) {
        double[] f = new double[devErrors.length];
        for (int e = 0; e < devErrors.length; e++) {
            f[e] = d.afterEpoch(e + 1, devErrors[e]);
        }
        return f;
    }

    @Test
    void devDecayHalvesAfterEveryEpochWithoutABetterValidationError() {
        // epochs 3, 5 and 6 do not improve on the best before them (0.4 ties, 0.35 and 0.36 are above 0.3)
        double[] f = factors(WilsonProtocol.devDecay(0.5, 1), 0.5, 0.4, 0.4, 0.3, 0.35, 0.36, 0.2);
        assertThat(f).containsExactly(1, 1, 0.5, 0.5, 0.25, 0.125, 0.125);
    }

    @Test
    void devDecayWithABudgetOfTwoEpochsWaitsForTwoBadEpochsInARow() {
        double[] f = factors(WilsonProtocol.devDecay(0.5, 2), 0.5, 0.4, 0.4, 0.3, 0.35, 0.36, 0.37, 0.38, 0.1);
        // bad epochs: 3 (one, then 4 improves), 5 and 6 (two: decay), 7 and 8 (two again: decay)
        assertThat(f).containsExactly(1, 1, 1, 1, 1, 0.5, 0.5, 0.25, 0.25);
    }

    @Test
    void aDivergedEpochCountsAsNoImprovement() {
        assertThat(factors(WilsonProtocol.devDecay(0.1, 1), 0.5, Double.NaN)).containsExactly(1, 0.1);
    }

    @Test
    void fixedDecayIgnoresTheValidationError() {
        double[] f = factors(WilsonProtocol.fixedDecay(0.5, 2), 0.1, 0.2, 0.05, 0.01, 0.5);
        assertThat(f).containsExactly(1, 0.5, 0.5, 0.25, 0.25);
    }

    @Test
    void theBestStepSizeIsTheLowestValidationErrorNotTheLowestTestError() {
        double[] grid = {2, 1, 0.5, 0.25};
        Map<Double, Double> validation = Map.of(2.0, Double.NaN, 1.0, 0.20, 0.5, 0.12, 0.25, 0.15);
        Map<Double, Double> test = Map.of(2.0, 0.0, 1.0, 0.05, 0.5, 0.30, 0.25, 0.10);
        assertThat(WilsonProtocol.bestOnGrid(grid, validation::get)).isEqualTo(0.5);
        assertThat(WilsonProtocol.bestOnGrid(grid, test::get)).isEqualTo(2.0);   // what tuning on test would pick
    }

    @Test
    void ofEqualValidationErrorsTheLargerStepSizeIsKeptAndAllDivergedKeepsTheFirst() {
        double[] grid = {0.005, 0.001, 0.0005};
        assertThat(WilsonProtocol.bestOnGrid(grid, a -> a < 0.004 ? 0.1 : 0.3)).isEqualTo(0.001);
        assertThat(WilsonProtocol.bestOnGrid(grid, a -> Double.NaN)).isEqualTo(0.005);
    }

    @Test
    void theSmallGridsArePartsOfThePapersGrids() {
        for (ClaimRuns.Method small : WilsonProtocol.SMALL) {
            double[] paper = ToyClaims.method(WilsonProtocol.PAPER, small.name()).grid();
            assertThat(paper).contains(small.grid());
            assertThat(small.spec(small.grid()[0])).isEqualTo(String.format(small.template(),
                    ClaimRuns.Method.lr(small.grid()[0])));
        }
        assertThat(ToyClaims.method(WilsonProtocol.PAPER, "sgd").grid()).containsExactly(2, 1, 0.5, 0.25, 0.05, 0.01);
        assertThat(ToyClaims.method(WilsonProtocol.PAPER, "adam").grid())
                .containsExactly(0.005, 0.001, 0.0005, 0.0003, 0.0001, 0.00005);
        assertThat(WilsonProtocol.at(new double[] {3, 2, 1}, 5)).isEqualTo(1);
    }
}
