package io.descent.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.api.Test;

class LevelsTest {

    @Test
    void linearLevelsAreEvenlySpacedStrictlyInside() {
        assertThat(Levels.linear(0, 10, 4)).containsExactly(new double[] {2, 4, 6, 8}, offset(1e-12));
    }

    @Test
    void geometricLevelsHaveAConstantRatio() {
        double[] lv = Levels.geometric(1, 1e4, 5);
        assertThat(lv).containsExactly(new double[] {1, 10, 100, 1000, 10000}, offset(1e-9));
    }

    @Test
    void logLevelsForBealeSpanManyDecadesAboveTheMinimum() {
        Grid g = Grid.sample(LevelsTest::beale, new Box(-4.5, 4.5, -4.5, 4.5), 101, 101);
        double[] lv = Levels.logFor(g, 20);
        assertThat(lv).hasSize(20).isSorted();
        assertThat(lv[0]).isGreaterThan(g.min());
        assertThat(lv[19]).isLessThan(g.max());
        assertThat(Math.log10(lv[19] - g.min()) - Math.log10(lv[0] - g.min())).isGreaterThan(4);
        // Every level cuts the surface somewhere.
        for (double level : lv) {
            assertThat(MarchingSquares.contour(g, level)).isNotEmpty();
        }
    }

    @Test
    void givenLevelsAreSortedAndDeduplicated() {
        assertThat(Levels.given(3, 1, 2, 1)).containsExactly(1, 2, 3);
        assertThatThrownBy(() -> Levels.given(1, Double.NaN)).hasMessageContaining("finite");
        assertThatThrownBy(Levels::given).hasMessageContaining("at least one");
    }

    @Test
    void constantFunctionHasNoLevelsToChoose() {
        Grid flat = Grid.sample((x, y) -> 3, new Box(0, 1, 0, 1), 5, 5);
        assertThatThrownBy(() -> Levels.linearFor(flat, 5)).hasMessageContaining("constant");
        assertThatThrownBy(() -> Levels.geometric(0, 1, 3)).hasMessageContaining("0 < lo < hi");
        assertThatThrownBy(() -> Levels.linear(0, 1, 0)).hasMessageContaining("1..1000");
    }

    static double beale(double x, double y) {
        double a = 1.5 - x + x * y;
        double b = 2.25 - x + x * y * y;
        double c = 2.625 - x + x * y * y * y;
        return a * a + b * b + c * c;
    }
}
