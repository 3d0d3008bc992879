package io.descent.cli.lecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Wilson et al.'s section 3.3 construction has the properties the paper states, and the outcomes it proves. */
class WilsonToyTest {
    private final WilsonToy toy = WilsonToy.of(40, 40, 7);

    @Test
    void columnOneIsTheLabelColumnsTwoAndThreeAreOnesAndEachPointHasItsOwnBlock() {
        assertThat(toy.columns()).isEqualTo(3 + 5 * 80);
        boolean[] used = new boolean[toy.columns()];
        for (int i = 0; i < toy.x().length; i++) {
            double[] row = toy.x()[i];
            assertThat(row[0]).isEqualTo(toy.y()[i]);
            assertThat(row[1]).isEqualTo(1);
            assertThat(row[2]).isEqualTo(1);
            int ones = 0;
            for (int j = 3; j < row.length; j++) {
                if (row[j] != 0) {
                    assertThat(row[j]).isEqualTo(1);
                    assertThat(j).isBetween(3 + 5 * i, 3 + 5 * i + 4);
                    assertThat(used[j]).as("column %d shared", j).isFalse();
                    used[j] = true;
                    ones++;
                }
            }
            assertThat(ones).isEqualTo(toy.y()[i] > 0 ? 1 : 5);
        }
    }

    @Test
    void labelsArePositiveWithProbabilityAboveOneHalf() {
        WilsonToy big = WilsonToy.of(2000, 0, 3);
        double positive = 0;
        for (double label : big.y()) {
            positive += label > 0 ? 1 : 0;
        }
        assertThat(positive / 2000).isCloseTo(WilsonToy.POSITIVE, within(0.04));
        assertThat(toy.negativeTestShare()).isGreaterThan(0);
    }

    @Test
    void gradientDescentReachesZeroTestErrorAndAdaptiveMethodsLabelEveryNewPointPositive() {
        double[] sgd = toy.fit("sgd(lr=0.1)", 2000);
        assertThat(sgd[1]).isZero();
        assertThat(sgd[2]).isZero();
        for (String adaptive : new String[] {"adagrad(lr=0.1)", "rmsprop(lr=0.01)", "adam(lr=0.01)"}) {
            double[] r = toy.fit(adaptive, 2000);
            assertThat(r[1]).as(adaptive + " training error").isZero();
            assertThat(r[2]).as(adaptive + " test error").isCloseTo(toy.negativeTestShare(), within(1e-12));
        }
    }
}
