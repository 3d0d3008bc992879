package io.descent.bench.data;

import io.descent.bench.BenchRunner;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The medians of {@link DataBench}'s rounds, as the table it prints and as JSON. */
public record DataTable(double parseMbPerS, double sklearnLoadMbPerS, double textRowsPerS, double sklearnTextRowsPerS,
        double cacheRowsPerS, double sklearnEpochRowsPerS, double descentRssMb, double sklearnRssMb,
        double descentLoss, double sklearnLoss) {

    static DataTable of(List<DataBench.Round> rounds, long bytes) {
        // scikit-learn from text: its load and then its epoch, as Descent's text epoch parses and trains.
        double rows = median(rounds, r -> r.sklearnEpochRowsPerS() * r.sklearnEpochS());
        return new DataTable(median(rounds, DataBench.Round::textMbPerS), median(rounds, DataBench.Round::sklearnLoadMbPerS),
                median(rounds, DataBench.Round::textRowsPerS),
                median(rounds, r -> rows / (r.sklearnLoadS() + r.sklearnEpochS())),
                median(rounds, DataBench.Round::cacheRowsPerS), median(rounds, DataBench.Round::sklearnEpochRowsPerS),
                rounds.stream().mapToDouble(r -> Math.max(r.textRssMb(), r.cacheRssMb())).max().orElse(Double.NaN),
                rounds.stream().mapToDouble(DataBench.Round::sklearnRssMb).max().orElse(Double.NaN),
                median(rounds, DataBench.Round::loss), median(rounds, DataBench.Round::sklearnLoss));
    }

    private static double median(List<DataBench.Round> rounds, ToDoubleFunction<DataBench.Round> f) {
        return BenchRunner.median(rounds.stream().mapToDouble(f).toArray());
    }

    String text() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "| %-50s | %12s | %12s | %6s | %6s |%n", "measure", "Descent",
                "scikit-learn", "ratio", "aim"));
        sb.append("|----------------------------------------------------|-------------:|-------------:|-------:|-------:|\n");
        row(sb, "parse (MB/s: streamed text / load_svmlight_file)", parseMbPerS, sklearnLoadMbPerS, ">= 3");
        row(sb, "one pass from text (rows/s, parsing included)", textRowsPerS, sklearnTextRowsPerS, "");
        row(sb, "one epoch from the cache / in memory (rows/s)", cacheRowsPerS, sklearnEpochRowsPerS, ">= 2");
        sb.append(String.format(Locale.ROOT, "| %-50s | %9.0f MB | %9s MB | %6s | %6s |%n", "peak RSS", descentRssMb,
                fmt(sklearnRssMb, "%.0f"), fmt(descentRssMb / sklearnRssMb, "%.2f"), ""));
        sb.append(String.format(Locale.ROOT, "| %-50s | %12.4f | %12s | %6s | %6s |%n", "training loss after one pass",
                descentLoss, fmt(sklearnLoss, "%.4f"), "", ""));
        return sb.toString();
    }

    private static void row(StringBuilder sb, String what, double descent, double peer, String aim) {
        sb.append(String.format(Locale.ROOT, "| %-50s | %12.0f | %12s | %6s | %6s |%n", what, descent,
                fmt(peer, "%.0f"), fmt(descent / peer, "%.2f"), aim));
    }

    /** A table cell, "-" where the peer did not run. */
    static String fmt(double v, String format) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, format, v);
    }

    /** One JSON object; null where the peer did not run. */
    public String json() {
        return String.format(Locale.ROOT, "{\"parse_mb_per_s\": %s, \"sklearn_load_mb_per_s\": %s, \"parse_ratio\": %s, "
                + "\"text_rows_per_s\": %s, \"sklearn_text_rows_per_s\": %s, \"cache_rows_per_s\": %s, "
                + "\"sklearn_epoch_rows_per_s\": %s, \"cache_ratio\": %s, \"descent_peak_rss_mb\": %s, "
                + "\"sklearn_peak_rss_mb\": %s, \"descent_train_loss\": %s, \"sklearn_train_loss\": %s}%n",
                j(parseMbPerS), j(sklearnLoadMbPerS), j(parseMbPerS / sklearnLoadMbPerS), j(textRowsPerS),
                j(sklearnTextRowsPerS), j(cacheRowsPerS), j(sklearnEpochRowsPerS), j(cacheRowsPerS / sklearnEpochRowsPerS),
                j(descentRssMb), j(sklearnRssMb), j(descentLoss), j(sklearnLoss));
    }

    /** A JSON number, null where the peer did not run. */
    static String j(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "null" : String.format(Locale.ROOT, "%.4f", v);
    }
}
