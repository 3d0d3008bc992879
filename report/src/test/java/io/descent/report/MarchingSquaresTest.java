package io.descent.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarchingSquaresTest {
    private static final Box SQUARE = new Box(-2, 2, -2, 2);

    @Test
    void circleLevelIsOneClosedLineAtTheRadius() {
        Grid g = Grid.sample((x, y) -> x * x + y * y, SQUARE, 81, 81);
        double h = g.dx();
        for (double r : new double[] {0.3, 1.0, 1.7}) {
            List<Polyline> lines = MarchingSquares.contour(g, r * r);
            assertThat(lines).hasSize(1);
            Polyline circle = lines.get(0);
            assertThat(circle.closed()).isTrue();
            assertThat(circle.size()).isGreaterThan(8);
            for (int k = 0; k < circle.size(); k++) {
                assertThat(Math.hypot(circle.x()[k], circle.y()[k])).isCloseTo(r, offset(h));
            }
        }
    }

    @Test
    void pointsLieOnGridLinesWhereTheInterpolatedValueIsTheLevel() {
        Grid g = Grid.sample((x, y) -> Math.sin(2 * x) + y * y * y, SQUARE, 41, 33);
        double level = 0.4;
        for (Polyline line : MarchingSquares.contour(g, level)) {
            for (int k = 0; k < line.size(); k++) {
                double x = line.x()[k];
                double y = line.y()[k];
                double fi = (x - SQUARE.xmin()) / g.dx();
                double fj = (y - SQUARE.ymin()) / g.dy();
                boolean onColumn = Math.abs(fi - Math.rint(fi)) < 1e-9;
                boolean onRow = Math.abs(fj - Math.rint(fj)) < 1e-9;
                assertThat(onColumn || onRow).as("(%s, %s) on a grid line", x, y).isTrue();
                double interpolated = onColumn ? along(g.value((int) Math.rint(fi), (int) Math.floor(fj)),
                        g.value((int) Math.rint(fi), Math.min(g.ny() - 1, (int) Math.floor(fj) + 1)), fj - Math.floor(fj))
                        : along(g.value((int) Math.floor(fi), (int) Math.rint(fj)),
                        g.value(Math.min(g.nx() - 1, (int) Math.floor(fi) + 1), (int) Math.rint(fj)), fi - Math.floor(fi));
                assertThat(interpolated).isCloseTo(level, offset(1e-9));
            }
        }
    }

    private static double along(double a, double b, double t) {
        return a + t * (b - a);
    }

    @Test
    void saddleZeroLevelFollowsTheDiagonals() {
        // x^2 - y^2 = 0 on y = x and y = -x; the grid's centre cell is a saddle.
        Grid g = Grid.sample((x, y) -> x * x - y * y, new Box(-1, 1, -1, 1), 40, 40);
        List<Polyline> lines = MarchingSquares.contour(g, 0);
        assertThat(lines).isNotEmpty();
        int points = 0;
        for (Polyline line : lines) {
            for (int k = 0; k < line.size(); k++) {
                assertThat(Math.abs(line.x()[k]) - Math.abs(line.y()[k])).isCloseTo(0, offset(g.dx()));
                points++;
            }
        }
        assertThat(points).isGreaterThan(4 * 30);
    }

    @Test
    void saddleLevelsOffZeroGiveTwoHyperbolaBranches() {
        Grid g = Grid.sample((x, y) -> x * x - y * y, new Box(-2, 2, -2, 2), 81, 81);
        for (double level : new double[] {1, -1}) {
            List<Polyline> lines = MarchingSquares.contour(g, level);
            assertThat(lines).hasSize(2);
            for (Polyline line : lines) {
                assertThat(line.closed()).isFalse();
                for (int k = 0; k < line.size(); k++) {
                    double x = line.x()[k];
                    double y = line.y()[k];
                    assertThat(x * x - y * y).isCloseTo(level, offset(0.02));
                }
            }
        }
    }

    @Test
    void ambiguousCellIsResolvedByTheCentreValue() {
        Box unit = new Box(0, 1, 0, 1);
        // Values from the bottom row up: (0,0), (1,0), (0,1), (1,1); the corners (0,0) and (1,1) are above 0.5.
        Grid centreIn = Grid.of(unit, 2, 2, new double[] {1, 0, 0, 1});
        Grid centreOut = Grid.of(unit, 2, 2, new double[] {0.6, 0, 0, 0.6});
        List<Polyline> joined = MarchingSquares.contour(centreIn, 0.5);
        List<Polyline> apart = MarchingSquares.contour(centreOut, 0.5);
        assertThat(joined).hasSize(2);
        assertThat(apart).hasSize(2);
        // Mean 0.5, the centre is in: the in-corners connect through it and the lines cut off the out-corners
        // (1,0) and (0,1), so each segment's midpoint is off the main diagonal.
        for (Polyline p : joined) {
            assertThat(p.size()).isEqualTo(2);
            assertThat(Math.abs(mid(p.x()) - mid(p.y()))).isCloseTo(0.5, offset(1e-12));
        }
        // Mean 0.3, the centre is out: the lines cut off the in-corners (0,0) and (1,1), midpoints on the diagonal.
        for (Polyline p : apart) {
            assertThat(mid(p.x()) - mid(p.y())).isCloseTo(0, offset(1e-12));
        }
    }

    private static double mid(double[] v) {
        return (v[0] + v[1]) / 2;
    }

    @Test
    void openLinesEndOnTheBorderOrBesideMissingValues() {
        Grid g = Grid.sample((x, y) -> x < 0.5 && x > 0 && y > 0 && y < 0.5 ? Double.NaN : x * x + 3 * y,
                SQUARE, 60, 60);
        for (Polyline line : MarchingSquares.contour(g, 1.0)) {
            if (line.closed()) {
                continue;
            }
            for (int end : new int[] {0, line.size() - 1}) {
                double x = line.x()[end];
                double y = line.y()[end];
                boolean border = Math.abs(Math.abs(x) - 2) < 1e-9 || Math.abs(Math.abs(y) - 2) < 1e-9;
                boolean nearHole = x > -g.dx() && x < 0.5 + g.dx() && y > -g.dy() && y < 0.5 + g.dy();
                assertThat(border || nearHole).as("end (%s, %s)", x, y).isTrue();
            }
        }
    }

    @Test
    void levelAboveEverythingGivesNoLines() {
        Grid g = Grid.sample((x, y) -> x + y, SQUARE, 10, 10);
        assertThat(MarchingSquares.contour(g, 100)).isEmpty();
        assertThatThrownBy(() -> MarchingSquares.contour(g, Double.NaN)).hasMessageContaining("finite");
    }
}
