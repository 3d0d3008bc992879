package io.descent.schedule;

/** Validation of schedule settings, with messages that state the valid range. */
final class Require {
    private Require() {
    }

    static double inRange(String schedule, String name, double value, double lo, double hi, String range) {
        if (!(value >= lo && value <= hi)) {
            throw new IllegalArgumentException(schedule + ": " + name + " = " + value + " is outside " + range);
        }
        return value;
    }

    static long atLeast(String schedule, String name, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(schedule + ": " + name + " = " + value + " is outside [" + min + ", inf)");
        }
        return value;
    }

    static void step(long t) {
        if (t < 0) {
            throw new IllegalArgumentException("schedule: step = " + t + " is outside [0, inf)");
        }
    }
}
