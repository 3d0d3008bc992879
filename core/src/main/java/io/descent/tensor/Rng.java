package io.descent.tensor;

/**
 * A seeded random generator that gives the same numbers on every machine and JVM: SplitMix64 (Steele, Lea
 * and Flood 2014) for bits, Box-Muller for normals. Its whole state is two longs and a flag, so checkpoints
 * save it and resume the exact stream.
 */
public final class Rng {
    private long state;
    private boolean hasSpare;
    private double spare;

    public Rng(long seed) {
        this.state = seed;
    }

    /** A generator whose stream is independent of this one's, derived deterministically (for a child module, a worker). */
    public Rng split() {
        return new Rng(nextLong());
    }

    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [lo, hi). */
    public double uniform(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }

    /** Uniform integer in [0, bound), without modulo bias. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        long limit = Long.MAX_VALUE - Long.MAX_VALUE % bound;
        long r;
        do {
            r = nextLong() >>> 1;
        } while (r >= limit);
        return (int) (r % bound);
    }

    /** Standard normal by the Box-Muller transform; the second value of each pair is kept for the next call. */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u1;
        do {
            u1 = nextDouble();
        } while (u1 == 0.0);
        double u2 = nextDouble();
        double r = Math.sqrt(-2.0 * Math.log(u1));
        spare = r * Math.sin(2 * Math.PI * u2);
        hasSpare = true;
        return r * Math.cos(2 * Math.PI * u2);
    }

    /** Fisher-Yates shuffle of {@code a} in place. */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** The generator's state, to save in a checkpoint. */
    public State state() {
        return new State(state, hasSpare, spare);
    }

    /** Restores a state saved by {@link #state()}: the stream continues exactly from there. */
    public void restore(State s) {
        this.state = s.state();
        this.hasSpare = s.hasSpare();
        this.spare = s.spare();
    }

    /** Everything a generator needs to continue its stream. */
    public record State(long state, boolean hasSpare, double spare) {
    }
}
