package io.descent.bench;

import java.util.List;
import java.util.Locale;

/** One line of the benchmark's table: medians of samples/s, the peak RSS of each side (MB), threads. */
record Row(Workload workload, double descent, double pytorch, double descentRssMb, double pytorchRssMb,
        int threads) {

    double ratio() {
        return descent / pytorch;
    }

    static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "| %-20s | %12s | %12s | %6s | %12s | %12s | %7s |%n", "workload",
                "Descent /s", "PyTorch /s", "ratio", "Descent RSS", "PyTorch RSS", "threads"));
        sb.append("|----------------------|-------------:|-------------:|-------:|-------------:|-------------:|--------:|\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %-20s | %12.0f | %12s | %6s | %9.0f MB | %12s | %7d |%n",
                    r.workload.id, r.descent, cell(r.pytorch, "%.0f"), cell(r.ratio(), "%.2f"), r.descentRssMb,
                    cell(r.pytorchRssMb, "%.0f MB"),
                    r.threads));
        }
        return sb.toString();
    }

    /** The rows as a JSON list with the keys of issue 7; null where the peer did not run. */
    static String json(List<Row> rows) {
        StringBuilder sb = new StringBuilder("[\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            sb.append(String.format(Locale.ROOT, "  {\"workload\": \"%s\", \"descent_samples_per_s\": %s, "
                    + "\"pytorch_samples_per_s\": %s, \"ratio\": %s, \"descent_peak_rss_mb\": %s, "
                    + "\"pytorch_peak_rss_mb\": %s}%s%n", r.workload.id, json(r.descent, "%.1f"),
                    json(r.pytorch, "%.1f"), json(r.ratio(), "%.3f"), json(r.descentRssMb, "%.1f"),
                    json(r.pytorchRssMb, "%.1f"), i + 1 < rows.size() ? "," : ""));
        }
        return sb.append("]\n").toString();
    }

    /** A table cell, "-" where the peer did not run. */
    private static String cell(double v, String format) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, format, v);
    }

    /** A JSON number, null where the peer did not run. */
    private static String json(double v, String format) {
        return Double.isNaN(v) ? "null" : String.format(Locale.ROOT, format, v);
    }
}
