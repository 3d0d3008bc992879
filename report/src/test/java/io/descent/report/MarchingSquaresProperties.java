package io.descent.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

class MarchingSquaresProperties {

    @Property(tries = 60)
    void circlesOfAnyCentreAndRadiusAreFoundWithinTheGridStep(
            @ForAll @DoubleRange(min = -1, max = 1) double cx, @ForAll @DoubleRange(min = -1, max = 1) double cy,
            @ForAll @DoubleRange(min = 0.2, max = 0.9) double r, @ForAll @IntRange(min = 20, max = 90) int n) {
        Box box = new Box(-2.5, 2.5, -2, 2);
        Grid g = Grid.sample((x, y) -> (x - cx) * (x - cx) + (y - cy) * (y - cy), box, n, n);
        double step = Math.max(g.dx(), g.dy());
        List<Polyline> lines = MarchingSquares.contour(g, r * r);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).closed()).isTrue();
        Polyline c = lines.get(0);
        for (int k = 0; k < c.size(); k++) {
            assertThat(Math.hypot(c.x()[k] - cx, c.y()[k] - cy)).isCloseTo(r, offset(step));
        }
    }

    @Property(tries = 40)
    void everyPointLiesInTheBoxAndBetweenNeighboursOfOppositeSides(
            @ForAll @DoubleRange(min = -3, max = 3) double a, @ForAll @DoubleRange(min = -3, max = 3) double b,
            @ForAll @DoubleRange(min = -1, max = 1) double level) {
        Box box = new Box(-1, 2, -1, 1);
        Grid g = Grid.sample((x, y) -> Math.sin(a * x) * Math.cos(b * y) + 0.3 * x * y, box, 31, 23);
        for (Polyline line : MarchingSquares.contour(g, level)) {
            for (int k = 0; k < line.size(); k++) {
                assertThat(box.contains(line.x()[k], line.y()[k])).isTrue();
            }
            for (int k = 0; k + 1 < line.size(); k++) {
                // Consecutive points share a cell: they are at most one cell diagonal apart.
                assertThat(Math.hypot(line.x()[k + 1] - line.x()[k], line.y()[k + 1] - line.y()[k]))
                        .isLessThanOrEqualTo(Math.hypot(g.dx(), g.dy()) + 1e-12);
            }
        }
    }
}
