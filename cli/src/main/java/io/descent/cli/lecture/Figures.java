package io.descent.cli.lecture;

import io.descent.data.Dataset;
import io.descent.data.FashionMnist;
import io.descent.report.Chart;
import io.descent.report.Charts;
import io.descent.report.Numbers;
import io.descent.tensor.Rng;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What every section of the report works with: where images go ({@code <out>/img/}), the budget, Fashion-MNIST
 * when it is installed, and a log for progress. Each chart gets its own palette: optimizer names keep their fixed
 * colours in all of them, and other names start from the first colours of the sequence.
 */
public final class Figures {
    /** Charts shown two side by side on the page (its content is 1060 pixels wide, figures 16 apart). */
    static final int HALF_WIDTH = 520;
    static final int HALF_HEIGHT = 420;
    /** Charts shown three side by side. */
    static final int THIRD_WIDTH = 336;
    static final int THIRD_HEIGHT = 360;
    /** Charts shown alone on their row. */
    static final int WIDE_WIDTH = 760;
    static final int WIDE_HEIGHT = 440;

    private final Path out;
    private final Budget budget;
    private final Optional<FashionMnist> fashion;
    private final PrintWriter log;

    Figures(Path out, Budget budget, Optional<FashionMnist> fashion, PrintWriter log) {
        this.out = out;
        this.budget = budget;
        this.fashion = fashion;
        this.log = log;
    }

    Budget budget() {
        return budget;
    }

    Optional<FashionMnist> fashion() {
        return fashion;
    }

    /** Where the claims' runs keep their results, so that an interrupted report resumes. */
    Path runsDir() {
        return out.resolve("runs");
    }

    void log(String line) {
        log.println(line);
        log.flush();
    }

    /** Draws {@code chart} into {@code img/<name>.png} under the report directory; returns that relative path. */
    String save(Chart chart, String name, int width, int height) throws IOException {
        String relative = "img/" + name + ".png";
        Charts.save(chart, out.resolve(relative), width, height);
        return relative;
    }

    /** A number as the tables write it, so that sentences quote the tables exactly. */
    static String n(double v) {
        return Numbers.format(v);
    }

    /** A number rounded to 4 decimals, for table cells and sentences alike. */
    static double round4(double v) {
        return Math.round(v * 1e4) / 1e4;
    }

    /** "a", "a and b", "a, b and c". */
    static String join(List<String> names) {
        if (names.size() <= 1) {
            return String.join("", names);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    /** The names whose value, rounded to 4 decimals, equals the smallest (or, with {@code largest}, the largest). */
    static List<String> extreme(List<String> names, double[] values, boolean largest) {
        double best = largest ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        for (double v : values) {
            best = largest ? Math.max(best, round4(v)) : Math.min(best, round4(v));
        }
        List<String> out = new java.util.ArrayList<>();
        for (int k = 0; k < values.length; k++) {
            if (round4(values[k]) == best) {
                out.add(names.get(k));
            }
        }
        return out;
    }

    /**
     * Whether the positive finite values of these curves span more than {@code 30x}: then a log scale shows them
     * better; over a narrower range it only crowds the ticks.
     */
    static boolean wide(List<double[]> curves) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (double[] c : curves) {
            for (double v : c) {
                if (v > 0 && Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        return hi > 30 * lo;
    }

    /** {@code n} samples of {@code d} drawn without replacement from {@code seed}, in their original order. */
    static Dataset sample(Dataset d, int n, long seed) {
        if (n >= d.size()) {
            return d;
        }
        int[] order = new int[d.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        new Rng(seed).shuffle(order);
        int[] rows = Arrays.copyOf(order, n);
        Arrays.sort(rows);
        return d.subset(rows);
    }
}
