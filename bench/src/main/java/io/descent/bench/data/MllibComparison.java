package io.descent.bench.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code descent bench --data --mllib}: Descent on Spark against Spark MLlib's {@code LogisticRegression}, on the
 * same file and master, by the time from the process's start to a training loss at or below a target, and by
 * peak resident memory. Each side as its users run it: Descent's local SGD rounds ({@code --local-steps 50},
 * AdaGrad, batch 256), MLlib's L-BFGS on its cached sparse vectors. Both JVMs get the same heap. Descent's loss
 * is the mean over the batches of a logged round or epoch (the loss it prints); MLlib's is the full training
 * loss of an L-BFGS iterate.
 */
public final class MllibComparison {
    static final Pattern STEP = Pattern.compile("^step \\d+/\\d+ .*? loss (\\S+) \\|");
    static final Pattern EPOCH = Pattern.compile("^epoch \\d+/\\d+\\s+train_loss (\\S+)");

    /** What both sides reached. */
    public record Result(double descentSeconds, double descentLoss, double descentRssMb, double mllibSeconds,
            double mllibLoss, int mllibIterations, double mllibRssMb, double target) {

        String text(String master) {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "| %-50s | %12s | %12s | %6s |%n", "on Spark " + master, "Descent",
                    "MLlib", "ratio"));
            sb.append("|----------------------------------------------------|-------------:|-------------:|-------:|\n");
            sb.append(String.format(Locale.ROOT, "| %-50s | %10s s | %10s s | %6s |%n",
                    "seconds to training loss <= " + target, DataTable.fmt(descentSeconds, "%.1f"), DataTable.fmt(mllibSeconds, "%.1f"),
                    DataTable.fmt(mllibSeconds / descentSeconds, "%.2f")));
            sb.append(String.format(Locale.ROOT, "| %-50s | %12.4f | %12.4f | %6s |%n", "final training loss",
                    descentLoss, mllibLoss, ""));
            sb.append(String.format(Locale.ROOT, "| %-50s | %9.0f MB | %9.0f MB | %6.2f |%n", "peak RSS", descentRssMb,
                    mllibRssMb, descentRssMb / mllibRssMb));
            return sb.toString();
        }

        public String json() {
            return String.format(Locale.ROOT, "{\"target_loss\": %s, \"descent_seconds_to_target\": %s, "
                    + "\"mllib_seconds_to_target\": %s, \"descent_final_loss\": %s, \"mllib_final_loss\": %s, "
                    + "\"mllib_iterations\": %d, \"descent_peak_rss_mb\": %s, \"mllib_peak_rss_mb\": %s}",
                    target, DataTable.j(descentSeconds), DataTable.j(mllibSeconds), DataTable.j(descentLoss), DataTable.j(mllibLoss), mllibIterations,
                    DataTable.j(descentRssMb), DataTable.j(mllibRssMb));
        }
    }

    private final Path launcher;
    private final Path file;
    private final int features;
    private final DataPeers peers;

    public MllibComparison(Path launcher, Path file, int features, DataPeers peers) {
        this.launcher = launcher;
        this.file = file;
        this.features = features;
        this.peers = peers;
    }

    /**
     * Runs both sides once: Descent for {@code epochs} epochs, MLlib for at most {@code maxIter} L-BFGS iterations;
     * prints and returns what they reached.
     */
    public Result run(Path mllibJar, Path mllibClassPath, String master, String heap, double target, int epochs,
            int maxIter) throws IOException, InterruptedException {
        if (!Files.exists(mllibJar) || !Files.exists(mllibClassPath)) {
            throw new IOException("--mllib needs the MLlib peer built: mvn -q -pl bench-mllib package (" + mllibJar
                    + " and " + mllibClassPath + ")");
        }
        Path model = Files.createTempFile("descent-bench-spark", ".safetensors");
        DataPeers.Ran d;
        try {
            d = peers.descentTimed(launcher, "-Xmx" + heap + " -XX:+UseParallelGC", "train", "--spark", master,
                    "--data", "libsvm:" + file, "--model", "linear", "--loss", "log", "--optimizer", DataBench.OPTIMIZER,
                    "--batch-size", "" + DataBench.BATCH, "--local-steps", "50", "--log-every", "100", "--epochs",
                    "" + epochs, "--seed", "1", "--save", model.toString());
        } finally {
            Files.deleteIfExists(model);
        }
        double[] reached = firstAtOrBelow(d.lines(), d.secondsAt(), target);
        Map<String, String> m = peers.mllib(mllibJar, mllibClassPath, file, features, master, maxIter, target);
        double mllibSeconds = Double.parseDouble(m.get("seconds_to_target"));
        Result r = new Result(reached[0], reached[1], d.peakRssMb(), mllibSeconds < 0 ? Double.NaN : mllibSeconds,
                Double.parseDouble(m.get("final_loss")), Integer.parseInt(m.get("iterations")),
                Double.parseDouble(m.get("peak_rss_mb")), target);
        System.out.println();
        System.out.print(r.text(master));
        return r;
    }

    /**
     * The seconds at which a printed loss first reached {@code target} (NaN when none did) and the last loss
     * printed.
     */
    static double[] firstAtOrBelow(List<String> lines, List<Double> seconds, double target) {
        double when = Double.NaN;
        double last = Double.NaN;
        for (int i = 0; i < lines.size(); i++) {
            Matcher s = STEP.matcher(lines.get(i));
            Matcher e = EPOCH.matcher(lines.get(i));
            Double loss = s.find() ? Double.valueOf(s.group(1)) : e.find() ? Double.valueOf(e.group(1)) : null;
            if (loss != null) {
                last = loss;
                if (loss <= target && Double.isNaN(when)) {
                    when = seconds.get(i);
                }
            }
        }
        return new double[] {when, last};
    }
}
