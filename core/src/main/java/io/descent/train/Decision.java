package io.descent.train;

/** What a callback tells the trainer after a batch or an epoch (DESIGN rule 9: a decision, not an exception). */
public enum Decision {
    CONTINUE, STOP;

    /** STOP if either says so. */
    public Decision and(Decision other) {
        return this == STOP || other == STOP ? STOP : CONTINUE;
    }
}
