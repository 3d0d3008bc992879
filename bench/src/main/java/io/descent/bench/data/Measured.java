package io.descent.bench.data;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one {@code descent train} run printed, per epoch: its training loss (the epoch line) and its rows/s and
 * MB/s (the streaming progress line under it), with the process's peak resident memory.
 */
record Measured(Map<Integer, double[]> throughput, Map<Integer, Double> trainLoss, double peakRssMb, String output) {
    private static final Pattern EPOCH = Pattern.compile("^epoch (\\d+)/\\d+\\s+train_loss (\\S+)");
    private static final Pattern RATE = Pattern.compile("^\\s+epoch (\\d+): (\\d+) rows/s, ([0-9.]+) MB/s");

    static Measured parse(String output, double peakRssMb) {
        Map<Integer, double[]> rates = new HashMap<>();
        Map<Integer, Double> losses = new HashMap<>();
        for (String line : output.split("\n")) {
            Matcher e = EPOCH.matcher(line);
            if (e.find()) {
                losses.put(Integer.parseInt(e.group(1)), Double.parseDouble(e.group(2)));
            }
            Matcher r = RATE.matcher(line);
            if (r.find()) {
                rates.put(Integer.parseInt(r.group(1)),
                        new double[] {Double.parseDouble(r.group(2)), Double.parseDouble(r.group(3))});
            }
        }
        return new Measured(rates, losses, peakRssMb, output);
    }

    double rowsPerS(int epoch) {
        return rate(epoch)[0];
    }

    double mbPerS(int epoch) {
        return rate(epoch)[1];
    }

    double trainLoss(int epoch) {
        Double l = trainLoss.get(epoch);
        if (l == null) {
            throw new IllegalStateException("descent train printed no line for epoch " + epoch + ":\n" + output);
        }
        return l;
    }

    private double[] rate(int epoch) {
        double[] r = throughput.get(epoch);
        if (r == null) {
            throw new IllegalStateException("descent train printed no rows/s for epoch " + epoch + " (did it stream?):\n"
                    + output);
        }
        return r;
    }
}
