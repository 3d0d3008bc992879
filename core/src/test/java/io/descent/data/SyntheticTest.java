package io.descent.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SyntheticTest {

    @Test
    void everyGeneratorGivesBalancedTwoDimensionalPointsFromItsSeed() {
        for (String kind : new String[] {"blobs", "xor", "moons", "spirals"}) {
            Dataset a = make(kind, 401, 0.1, 5);
            Dataset b = make(kind, 401, 0.1, 5);
            Dataset c = make(kind, 401, 0.1, 6);
            assertThat(a.features().shape().dims()).as(kind).containsExactly(401, 2);
            assertThat(a.numClasses()).as(kind).isEqualTo(kind.equals("blobs") ? 3 : 2);
            assertThat(a.features().toFloatArray()).as(kind).containsExactly(b.features().toFloatArray());
            assertThat(a.labels()).as(kind).containsExactly(b.labels());
            assertThat(a.features().toFloatArray()).as(kind).isNotEqualTo(c.features().toFloatArray());
            int[] counts = new int[a.numClasses()];
            for (int y : a.labels()) {
                counts[y]++;
            }
            assertThat(counts[0] - counts[counts.length - 1]).as(kind).isBetween(0, 1);
        }
    }

    private static Dataset make(String kind, int n, double noise, long seed) {
        switch (kind) {
            case "blobs":
                return Synthetic.blobs(n, 3, noise, seed);
            case "xor":
                return Synthetic.xor(n, noise, seed);
            case "moons":
                return Synthetic.moons(n, noise, seed);
            default:
                return Synthetic.spirals(n, noise, seed);
        }
    }

    @Test
    void blobsAreLinearlySeparable() {
        Dataset d = Synthetic.blobs(600, 4, 0.3, 1);
        // Centres on the circle of radius 2 at angles 0, 90, 180, 270 degrees: class c wins the score
        // x cos(a_c) + y sin(a_c), a linear function; noise 0.3 against a margin of sqrt(2) never crosses it.
        for (int i = 0; i < d.size(); i++) {
            double x = d.features().get(i, 0);
            double y = d.features().get(i, 1);
            int best = 0;
            double bestScore = -Double.MAX_VALUE;
            for (int c = 0; c < 4; c++) {
                double a = 2 * Math.PI * c / 4;
                double score = x * Math.cos(a) + y * Math.sin(a);
                if (score > bestScore) {
                    bestScore = score;
                    best = c;
                }
            }
            assertThat(best).isEqualTo(d.label(i));
        }
    }

    @Test
    void withoutNoiseThePointsLieOnTheirCurves() {
        Dataset moons = Synthetic.moons(200, 0, 2);
        Dataset spirals = Synthetic.spirals(200, 0, 2);
        Dataset xor = Synthetic.xor(200, 0, 2);
        for (int i = 0; i < 200; i++) {
            double x = moons.features().get(i, 0);
            double y = moons.features().get(i, 1);
            double r = moons.label(i) == 0 ? Math.hypot(x, y) : Math.hypot(x - 1, y - 0.5);
            assertThat(r).isCloseTo(1, within(1e-6));

            double sx = spirals.features().get(i, 0);
            double sy = spirals.features().get(i, 1);
            double t = Math.hypot(sx, sy);
            double angle = 3 * Math.PI * t + spirals.label(i) * Math.PI;
            assertThat(sx).isCloseTo(t * Math.cos(angle), within(1e-5));
            assertThat(sy).isCloseTo(t * Math.sin(angle), within(1e-5));

            double product = xor.features().get(i, 0) * xor.features().get(i, 1);
            assertThat(product).isCloseTo(xor.label(i) == 1 ? -1 : 1, within(1e-9));
        }
    }

    @Test
    void noiseIsTheStandardDeviationAroundTheCentres() {
        Dataset d = Synthetic.blobs(20000, 2, 0.5, 3);
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < d.size(); i++) {
            double dev = d.features().get(i, 1); // both centres have y = 0 (angles 0 and pi)
            sum += dev;
            sq += dev * dev;
        }
        double mean = sum / d.size();
        assertThat(Math.sqrt(sq / d.size() - mean * mean)).isCloseTo(0.5, within(0.01));
    }
}
