package io.descent.schedule;

/** The factor 1 at every step: the base learning rate throughout. */
public record Constant() implements Schedule {
    @Override
    public double at(long t) {
        Require.step(t);
        return 1;
    }
}
