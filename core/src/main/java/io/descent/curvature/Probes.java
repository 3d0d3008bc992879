package io.descent.curvature;

import io.descent.tensor.Rng;

/** Random probe vectors and the few vector operations the spectrum tools share. */
final class Probes {
    private Probes() {
    }

    /** z with independent entries +1 or -1, each with probability 1/2 (Rademacher). */
    static double[] rademacher(Rng rng, int k) {
        double[] z = new double[k];
        for (int i = 0; i < k; i++) {
            z[i] = rng.nextDouble() < 0.5 ? -1 : 1;
        }
        return z;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s = Math.fma(a[i], b[i], s);
        }
        return s;
    }

    /** Scales v to unit length in place; returns its length before (0 or NaN: left as it was). */
    static double normalize(double[] v) {
        double n = Math.sqrt(dot(v, v));
        if (n > 0 && Double.isFinite(n)) {
            for (int i = 0; i < v.length; i++) {
                v[i] /= n;
            }
        }
        return n;
    }
}
