package io.descent.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowTest {
    private static Map<String, Row.PeerResult> peers(double torch, double tcmalloc, double djl) {
        Map<String, Row.PeerResult> m = new LinkedHashMap<>();
        m.put(Peers.PYTORCH, new Row.PeerResult(torch, 300));
        m.put(Peers.PYTORCH_TCMALLOC, new Row.PeerResult(tcmalloc, 310));
        m.put(Peers.DJL, new Row.PeerResult(djl, 480));
        return m;
    }

    private static final Row MLP = new Row(Workload.MLP, 12_000, 250, 2, peers(7_000, 9_600, 6_900), 300);
    /** The DJL peer failed on this workload (NaN); the fastest of the other two is tcmalloc's. */
    private static final Row CNN = new Row(Workload.CNN, 1_200, 400, 2, peers(1_300, 2_200, Double.NaN), 300);

    @Test
    void theBestPeerIsTheFastestThatRanAndDescentsRatioIsToIt() {
        assertThat(MLP.bestPeer()).isEqualTo(Peers.PYTORCH_TCMALLOC);
        assertThat(MLP.ratioVsBest()).isCloseTo(12_000 / 9_600.0, within(1e-12));
        assertThat(CNN.bestPeer()).isEqualTo(Peers.PYTORCH_TCMALLOC);
        assertThat(MLP.ratio()).as("issue 7's ratio stays against PyTorch as installed")
                .isCloseTo(12_000 / 7_000.0, within(1e-12));
    }

    @Test
    void gflopsComeFromTheWorkloadsFlopsAndTheFractionFromTheLimit() {
        double gflops = 12_000 * 3.0 * 2 * (784 * 1000 + 1000 * 1000 + 1000 * 10) / 1e9;
        assertThat(MLP.gflops()).isCloseTo(gflops, within(1e-9));
        assertThat(MLP.fractionOfLimit()).isCloseTo(gflops / 300, within(1e-12));
    }

    @Test
    void withoutPeersOrLimitTheDerivedValuesAreMissing() {
        Row alone = new Row(Workload.LOGREG, 700_000, 200, 2, Map.of(), Double.NaN);
        assertThat(alone.bestPeer()).isNull();
        assertThat(alone.ratioVsBest()).isNaN();
        assertThat(alone.fractionOfLimit()).isNaN();
        assertThat(Row.json(List.of(alone))).contains("\"peers\": {}", "\"best_peer\": null",
                "\"best_peer_samples_per_s\": null", "\"ratio_vs_best\": null", "\"fraction_of_limit\": null",
                "\"pytorch_samples_per_s\": null", "\"ratio\": null");
    }

    @Test
    void theTableHasAColumnPerPeerADashWhereOneDidNotRunAndTheBestPeer() {
        String table = Row.table(List.of(MLP, CNN));
        List<String> lines = table.lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).contains("| Descent /s |", "| " + Peers.PYTORCH + " /s |",
                "| " + Peers.PYTORCH_TCMALLOC + " /s |", "| " + Peers.DJL + " /s |", "best peer", "Descent / best",
                "GFLOP/s", "of limit");
        assertThat(cells(lines.get(2))).containsExactly("mlp-adam", "12000", "7000", "9600", "6900",
                Peers.PYTORCH_TCMALLOC, "1.25", "129.2", "43%", "250 MB", "310 MB", "2");
        assertThat(cells(lines.get(3))).containsExactly("cnn-adam", "1200", "1300", "2200", "-",
                Peers.PYTORCH_TCMALLOC, "0.55", "82.6", "28%", "400 MB", "310 MB", "2");
        assertThat(lines).allSatisfy(l -> assertThat(l).hasSameSizeAs(lines.get(0)));
    }

    @Test
    void theJsonKeepsIssue7sKeysAndAddsThePeersTheBestAndTheLimit() {
        String json = Row.json(List.of(MLP, CNN));
        assertThat(json).contains("{\"workload\": \"mlp-adam\", \"descent_samples_per_s\": 12000.0, "
                + "\"pytorch_samples_per_s\": 7000.0, \"ratio\": 1.714, \"descent_peak_rss_mb\": 250.0, "
                + "\"pytorch_peak_rss_mb\": 300.0, \"peers\": {\"PyTorch 1.13\": 7000.0, "
                + "\"PyTorch 1.13 + tcmalloc\": 9600.0, \"libtorch 2.7.1 (DJL 0.36) + tcmalloc\": 6900.0}, "
                + "\"best_peer\": \"PyTorch 1.13 + tcmalloc\", \"best_peer_samples_per_s\": 9600.0, "
                + "\"ratio_vs_best\": 1.250, \"gflops\": 129.17, \"fraction_of_limit\": 0.431},");
        assertThat(json).contains("\"libtorch 2.7.1 (DJL 0.36) + tcmalloc\": null}");
        assertThat(json.strip()).startsWith("[").endsWith("]");
    }

    private static List<String> cells(String line) {
        return java.util.Arrays.stream(line.split("\\|")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
