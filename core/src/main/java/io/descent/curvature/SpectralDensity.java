package io.descent.curvature;

import io.descent.nn.Erf;
import io.descent.tensor.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * The spectral density phi(t) = (1/k) sum_i delta(t - lambda_i) of a symmetric H, by stochastic Lanczos
 * quadrature (Ubaru, Chen and Saad 2017; Ghorbani, Krishnan and Xiao 2019). For a unit probe v = z / |z|, z
 * Rademacher, v' f(H) v = sum_i (v' u_i)^2 f(lambda_i) is the integral of f against a measure whose expectation
 * is phi; m Lanczos steps from v turn it into an m-point Gauss quadrature,
 *
 * <pre>
 *   v' f(H) v ~ sum_{j=1..m} tau_j f(theta_j),     theta_j the Ritz values, tau_j = (first component of s_j)^2
 * </pre>
 *
 * exact for polynomials of degree up to 2m - 1. Averaged over N probes and smoothed by a Gaussian of width
 * sigma,
 *
 * <pre>
 *   phi_sigma(t) = (1/N) sum_l sum_j tau_j^l g_sigma(t - theta_j^l),   g_sigma(x) = exp(-x^2 / (2 sigma^2)) / (sigma sqrt(2 pi))
 * </pre>
 *
 * a density that integrates to 1 and whose p-th moment before smoothing, (1/N) sum tau theta^p, estimates
 * tr(H^p) / k.
 *
 * <pre>{@code
 * SpectralDensity d = SpectralDensity.estimate(hessian, 10, 40, 0);  // 10 probes, 40 steps each
 * SpectralDensity.Grid g = d.grid(512, d.defaultWidth());
 * double negative = d.massBelow(-1e-4);                                // the share of negative curvature
 * }</pre>
 */
public final class SpectralDensity {
    /** The default smoothing width, as a fraction of the nodes' range (Ghorbani et al. use 1e-5 as a variance on [-1, 1]). */
    public static final double DEFAULT_RELATIVE_WIDTH = 0.01;

    private final List<Quadrature> probes;
    private final int dimension;

    /** One probe's Gauss quadrature: nodes theta_j ascending and weights tau_j summing to 1. */
    public record Quadrature(double[] nodes, double[] weights) {
    }

    /** The density sampled at evenly spaced points. */
    public record Grid(double[] t, double[] density) {
    }

    private SpectralDensity(List<Quadrature> probes, int dimension) {
        this.probes = List.copyOf(probes);
        this.dimension = dimension;
    }

    /**
     * The quadratures of {@code probes} Rademacher probes drawn from {@code seed}, {@code steps} Lanczos steps
     * each (capped at k); costs probes x steps Hessian-vector products.
     */
    public static SpectralDensity estimate(HessianOperator h, int probes, int steps, long seed) {
        if (probes < 1) {
            throw new IllegalArgumentException("spectral density: needs at least one probe, got " + probes);
        }
        Rng seeds = new Rng(seed);
        List<Quadrature> out = new ArrayList<>();
        for (int l = 0; l < probes; l++) {
            Lanczos lanczos = new Lanczos(h, steps, seeds.nextLong());
            while (lanczos.step()) {
                // every step up to the limit: the quadrature's degree grows with m
            }
            Lanczos.Ritz ritz = lanczos.ritz();
            out.add(new Quadrature(ritz.values(), ritz.weights()));
        }
        return new SpectralDensity(out, h.dimension());
    }

    public List<Quadrature> probes() {
        return probes;
    }

    /** (1/N) sum_l sum_j tau_j theta_j^p, the quadrature's estimate of tr(H^p) / k. */
    public double moment(int p) {
        double s = 0;
        for (Quadrature q : probes) {
            for (int j = 0; j < q.nodes.length; j++) {
                s += q.weights[j] * Math.pow(q.nodes[j], p);
            }
        }
        return s / probes.size();
    }

    /** k times the first moment: an estimate of tr(H), the same as Hutchinson's from these probes. */
    public double trace() {
        return dimension * moment(1);
    }

    /**
     * The share of the spectrum below {@code x}: (1/N) sum tau_j [theta_j &lt; x]. Taken from the quadrature
     * itself, not the smoothed density, whose Gaussian would spill half of a spike at zero (the flat directions of
     * a network) below any x a little under zero.
     */
    public double massBelow(double x) {
        double s = 0;
        for (Quadrature q : probes) {
            for (int j = 0; j < q.nodes.length; j++) {
                if (q.nodes[j] < x) {
                    s += q.weights[j];
                }
            }
        }
        return s / probes.size();
    }

    /** The smallest and largest node of all probes. */
    public double[] range() {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Quadrature q : probes) {
            lo = Math.min(lo, q.nodes[0]);
            hi = Math.max(hi, q.nodes[q.nodes.length - 1]);
        }
        return new double[] {lo, hi};
    }

    /** sigma = {@value #DEFAULT_RELATIVE_WIDTH} of the nodes' range (or of max(1, |node|) when they coincide). */
    public double defaultWidth() {
        double[] r = range();
        double span = r[1] - r[0];
        return DEFAULT_RELATIVE_WIDTH * (span > 0 ? span : Math.max(1, Math.abs(r[0])));
    }

    /** phi_sigma(t). */
    public double density(double t, double sigma) {
        requireWidth(sigma);
        double s = 0;
        for (Quadrature q : probes) {
            for (int j = 0; j < q.nodes.length; j++) {
                s += q.weights[j] * Erf.normalPdf((t - q.nodes[j]) / sigma);
            }
        }
        return s / (sigma * probes.size());
    }

    /** phi_sigma at {@code points} evenly spaced t from 5 sigma below the smallest node to 5 sigma above the largest. */
    public Grid grid(int points, double sigma) {
        requireWidth(sigma);
        if (points < 2) {
            throw new IllegalArgumentException("spectral density: a grid needs at least 2 points, got " + points);
        }
        double[] r = range();
        double lo = r[0] - 5 * sigma;
        double step = (r[1] + 5 * sigma - lo) / (points - 1);
        double[] t = new double[points];
        double[] phi = new double[points];
        for (int i = 0; i < points; i++) {
            t[i] = lo + i * step;
            phi[i] = density(t[i], sigma);
        }
        return new Grid(t, phi);
    }

    private static void requireWidth(double sigma) {
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("spectral density: the width sigma must be positive, got " + sigma);
        }
    }
}
