package io.descent.optim;

/** Small loops over float64 vectors, summed in index order (PyTorch's order for the two-element vectors of the parity tests). */
final class Vectors {
    private Vectors() {
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            double x = Math.abs(v);
            if (Double.isNaN(x)) {
                return x;       // NaN wins, as in torch.max
            }
            if (x > m) {
                m = x;
            }
        }
        return m;
    }

    static double sumAbs(double[] a) {
        double s = 0;
        for (double v : a) {
            s += Math.abs(v);
        }
        return s;
    }

    /** a &lt;- a + alpha b with one rounding per element, as PyTorch's {@code a.add_(b, alpha=alpha)}. */
    static void addScaled(double[] a, double alpha, double[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.fma(alpha, b[i], a[i]);
        }
    }

    static double[] scaled(double[] a, double c) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] * c;
        }
        return out;
    }

    static double[] negated(double[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = -a[i];
        }
        return out;
    }

    static double[] difference(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] - b[i];
        }
        return out;
    }

    static double norm(double[] a) {
        double s = 0;
        for (double v : a) {
            s = Math.fma(v, v, s);
        }
        return Math.sqrt(s);
    }
}
