package io.descent.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClipTest {
    private static final Box BOX = new Box(-1, 1, -1, 1);

    @Test
    void pathInsideIsKeptAsItIs() {
        double[] x = {0, 0.5, -0.5};
        double[] y = {0, 0.2, 0.9};
        List<Polyline> pieces = Clip.toBox(x, y, BOX);
        assertThat(pieces).hasSize(1);
        assertThat(pieces.get(0).x()).containsExactly(x);
        assertThat(pieces.get(0).y()).containsExactly(y);
    }

    @Test
    void pathLeavingTheBoxStopsAtTheEdge() {
        List<Polyline> pieces = Clip.toBox(new double[] {0, 10, 1e30}, new double[] {0, 0, 1e30}, BOX);
        assertThat(pieces).hasSize(1);
        assertThat(pieces.get(0).x()).containsExactly(0, 1);
        assertThat(pieces.get(0).y()).containsExactly(0, 0);
    }

    @Test
    void pathCrossingTheBoxTwiceGivesTwoPieces() {
        // Out to the right, then back in from the top and out at the bottom.
        double[] x = {0, 3, 0, 0};
        double[] y = {0, 0, 3, -3};
        List<Polyline> pieces = Clip.toBox(x, y, BOX);
        // (3, 0) -> (0, 3) runs along x + y = 3, outside the box (whose corner has x + y = 2): no piece.
        assertThat(pieces).hasSize(2);
        assertThat(pieces.get(0).x()).containsExactly(0, 1);
        assertThat(pieces.get(0).y()).containsExactly(0, 0);
        assertThat(pieces.get(1).x()).containsExactly(0, 0);
        assertThat(pieces.get(1).y()).containsExactly(1, -1);
    }

    @Test
    void segmentPassingThroughFromOutsideToOutsideIsCut() {
        List<Polyline> pieces = Clip.toBox(new double[] {-5, 5}, new double[] {0.5, 0.5}, BOX);
        assertThat(pieces).hasSize(1);
        assertThat(pieces.get(0).x()).containsExactly(-1, 1);
    }

    @Test
    void nonFinitePointsBreakThePath() {
        double[] x = {0, 0.5, Double.NaN, 0.2, 0.3, Double.POSITIVE_INFINITY};
        double[] y = {0, 0.5, 0, 0.2, 0.3, 0};
        List<Polyline> pieces = Clip.toBox(x, y, BOX);
        assertThat(pieces).hasSize(2);
        assertThat(pieces.get(0).x()).containsExactly(0, 0.5);
        assertThat(pieces.get(1).x()).containsExactly(0.2, 0.3);
    }

    @Test
    void mismatchedLengthsFailLoudly() {
        assertThatThrownBy(() -> Clip.toBox(new double[2], new double[3], BOX)).hasMessageContaining("as many");
    }
}
