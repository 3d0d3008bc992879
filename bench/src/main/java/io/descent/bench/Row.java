package io.descent.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One line of the benchmark's table: Descent's median samples/s and peak RSS (MB), each peer's (by name, in the
 * order they ran; NaN where a peer failed), the threads, and the matmul limit of the same run in GFLOP/s (NaN
 * when not measured).
 */
record Row(Workload workload, double descent, double descentRssMb, int threads, Map<String, PeerResult> peers,
        double limitGflops) {

    /** A peer's median samples/s and peak RSS (MB) on the workload. */
    record PeerResult(double samplesPerS, double peakRssMb) {
    }

    Row {
        peers = new LinkedHashMap<>(peers);
    }

    /** Descent over Debian's PyTorch as installed, the ratio of issue 7; NaN without that peer. */
    double ratio() {
        return descent / samples(Peers.PYTORCH);
    }

    /** The fastest peer's name, null when none ran. */
    String bestPeer() {
        String best = null;
        for (Map.Entry<String, PeerResult> e : peers.entrySet()) {
            double v = e.getValue().samplesPerS();
            if (!Double.isNaN(v) && (best == null || v > samples(best))) {
                best = e.getKey();
            }
        }
        return best;
    }

    double bestPeerSamples() {
        String best = bestPeer();
        return best == null ? Double.NaN : samples(best);
    }

    double ratioVsBest() {
        return descent / bestPeerSamples();
    }

    /** Descent's achieved float32 GFLOP/s, from the workload's FLOPs per sample. */
    double gflops() {
        return workload.gflops(descent);
    }

    double fractionOfLimit() {
        return gflops() / limitGflops;
    }

    private double samples(String peer) {
        PeerResult r = peers.get(peer);
        return r == null ? Double.NaN : r.samplesPerS();
    }

    private double rss(String peer) {
        PeerResult r = peer == null ? null : peers.get(peer);
        return r == null ? Double.NaN : r.peakRssMb();
    }

    /** The table in Markdown: a column per peer that ran on any row, "-" where it did not run. */
    static String table(List<Row> rows) {
        Set<String> names = peerNames(rows);
        List<String> header = new ArrayList<>(List.of("workload", "Descent /s"));
        names.forEach(n -> header.add(n + " /s"));
        header.addAll(List.of("best peer", "Descent / best", "GFLOP/s", "of limit", "Descent RSS", "best peer RSS",
                "threads"));
        List<List<String>> cells = new ArrayList<>();
        for (Row r : rows) {
            List<String> line = new ArrayList<>(List.of(r.workload.id, cell(r.descent, "%.0f")));
            names.forEach(n -> line.add(cell(r.samples(n), "%.0f")));
            String best = r.bestPeer();
            line.addAll(List.of(best == null ? "-" : best, cell(r.ratioVsBest(), "%.2f"), cell(r.gflops(), "%.1f"),
                    cell(r.fractionOfLimit() * 100, "%.0f%%"), cell(r.descentRssMb, "%.0f MB"),
                    cell(r.rss(best), "%.0f MB"), Integer.toString(r.threads)));
            cells.add(line);
        }
        return markdown(header, cells);
    }

    /** The rows as a JSON list: the keys of issue 7, then issue 18's; null where a peer did not run. */
    static String json(List<Row> rows) {
        StringBuilder sb = new StringBuilder("[\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            StringBuilder peers = new StringBuilder("{");
            for (Map.Entry<String, PeerResult> e : r.peers.entrySet()) {
                peers.append(peers.length() > 1 ? ", " : "").append(quote(e.getKey())).append(": ")
                        .append(json(e.getValue().samplesPerS(), "%.1f"));
            }
            peers.append('}');
            String best = r.bestPeer();
            sb.append(String.format(Locale.ROOT, "  {\"workload\": \"%s\", \"descent_samples_per_s\": %s, "
                    + "\"pytorch_samples_per_s\": %s, \"ratio\": %s, \"descent_peak_rss_mb\": %s, "
                    + "\"pytorch_peak_rss_mb\": %s, \"peers\": %s, \"best_peer\": %s, \"best_peer_samples_per_s\": %s, "
                    + "\"ratio_vs_best\": %s, \"gflops\": %s, \"fraction_of_limit\": %s}%s%n", r.workload.id,
                    json(r.descent, "%.1f"), json(r.samples(Peers.PYTORCH), "%.1f"), json(r.ratio(), "%.3f"),
                    json(r.descentRssMb, "%.1f"), json(r.rss(Peers.PYTORCH), "%.1f"), peers,
                    best == null ? "null" : quote(best), json(r.bestPeerSamples(), "%.1f"),
                    json(r.ratioVsBest(), "%.3f"), json(r.gflops(), "%.2f"), json(r.fractionOfLimit(), "%.3f"),
                    i + 1 < rows.size() ? "," : ""));
        }
        return sb.append("]\n").toString();
    }

    private static Set<String> peerNames(List<Row> rows) {
        Set<String> names = new LinkedHashSet<>();
        rows.forEach(r -> names.addAll(r.peers.keySet()));
        return names;
    }

    /** A Markdown table, the first column left-aligned and the rest right-aligned, padded to each column's width. */
    private static String markdown(List<String> header, List<List<String>> cells) {
        int[] width = new int[header.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = header.get(c).length();
            for (List<String> line : cells) {
                width[c] = Math.max(width[c], line.get(c).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, width);
        for (int c = 0; c < width.length; c++) {
            sb.append(c == 0 ? "|-" : "-").append("-".repeat(width[c])).append(c == 0 ? "-|" : ":|");
        }
        sb.append('\n');
        cells.forEach(l -> line(sb, l, width));
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] width) {
        sb.append('|');
        for (int c = 0; c < width.length; c++) {
            String v = cells.get(c);
            String pad = " ".repeat(width[c] - v.length());
            sb.append(' ').append(c == 0 ? v + pad : pad + v).append(" |");
        }
        sb.append('\n');
    }

    /** A table cell, "-" where the value is missing. */
    private static String cell(double v, String format) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "-" : String.format(Locale.ROOT, format, v);
    }

    /** A JSON number, null where the value is missing. */
    private static String json(double v, String format) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "null" : String.format(Locale.ROOT, format, v);
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
