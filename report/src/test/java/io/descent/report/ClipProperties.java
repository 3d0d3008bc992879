package io.descent.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;

class ClipProperties {
    private static final Box BOX = new Box(-1, 1, -1, 1);

    @Property(tries = 200)
    void everyClippedPointIsInsideTheBox(
            @ForAll @Size(min = 2, max = 12) List<@DoubleRange(min = -1e6, max = 1e6) Double> xs,
            @ForAll @Size(min = 2, max = 12) List<@DoubleRange(min = -5, max = 5) Double> ys) {
        int n = Math.min(xs.size(), ys.size());
        double[] x = new double[n];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            x[k] = xs.get(k);
            y[k] = ys.get(k);
        }
        for (Polyline piece : Clip.toBox(x, y, BOX)) {
            assertThat(piece.size()).isGreaterThanOrEqualTo(2);
            for (int k = 0; k < piece.size(); k++) {
                assertThat(BOX.contains(piece.x()[k], piece.y()[k])).as("(%s, %s)", piece.x()[k], piece.y()[k]).isTrue();
            }
        }
    }

    @Property(tries = 200)
    void aPathInsideTheBoxComesBackWhole(@ForAll @Size(min = 2, max = 12) List<@DoubleRange(min = -1, max = 1) Double> xs) {
        double[] x = xs.stream().mapToDouble(Double::doubleValue).toArray();
        double[] y = new double[x.length];
        for (int k = 0; k < y.length; k++) {
            y[k] = -x[(k + 1) % x.length];
        }
        List<Polyline> pieces = Clip.toBox(x, y, BOX);
        assertThat(pieces).hasSize(1);
        assertThat(pieces.get(0).x()).containsExactly(x);
        assertThat(pieces.get(0).y()).containsExactly(y);
    }
}
