package io.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TuneCommandTest {
    private static final String[] TASK = {"--data", "moons(n=300)", "--model", "mlp(16)", "--batch-size", "32"};

    @Test
    void gridSearchRunsEveryCombinationAndSortsByValidationAccuracy(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("tune.csv");
        CliTestSupport.Result r = CliTestSupport.run(CompareCommandTest.concat("tune", TASK, "--optimizer", "sgd",
                "--grid", "lr=0.001,0.3", "--grid", "momentum=0,0.9", "--epochs", "3", "--csv", csv.toString()));
        assertThat(r.status()).as(r.err()).isZero();
        List<String> rows = Files.readAllLines(csv);
        assertThat(rows.get(0)).isEqualTo("rank,trial,optimizer,val_accuracy,val_loss,train_loss,epochs,seconds,diverged");
        assertThat(rows).hasSize(5);
        List<String> specs = new ArrayList<>();
        double previous = Double.POSITIVE_INFINITY;
        for (String row : rows.subList(1, 5)) {
            String[] f = row.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
            specs.add(f[2].replace("\"", ""));
            double score = Double.parseDouble(f[3]);
            assertThat(score).isLessThanOrEqualTo(previous);
            previous = score;
            assertThat(f[6]).isEqualTo("3");
        }
        assertThat(specs).containsExactlyInAnyOrder("sgd(lr=0.001, momentum=0)", "sgd(lr=0.001, momentum=0.9)",
                "sgd(lr=0.3, momentum=0)", "sgd(lr=0.3, momentum=0.9)");
        int header = CompareCommandTest.indexOf(List.of(r.out().split("\n")), "rank ");
        assertThat(r.out().split("\n")[header + 1]).contains(specs.get(0));
        String[] top = rows.get(1).split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
        assertThat(r.lastLine()).isEqualTo("best: trial " + top[1] + ", " + specs.get(0) + " with val_accuracy "
                + io.descent.report.Numbers.format(Double.parseDouble(top[3])));
    }

    @Test
    void randomSearchIsSeededAndHalvingGivesTheBestTrialsMoreEpochs() {
        String[] args = CompareCommandTest.concat("tune", TASK, "--optimizer", "adam", "--random", "lr=log:1e-4:1e-1",
                "--random", "amsgrad=true,false", "--trials", "9", "--epochs", "9", "--halving");
        CliTestSupport.Result a = CliTestSupport.run(args);
        CliTestSupport.Result b = CliTestSupport.run(args);
        assertThat(a.status()).as(a.err()).isZero();
        assertThat(a.out()).contains("successive halving (eta 3): trials [9, 3, 1], epochs [1, 3, 9]");
        assertThat(a.out()).contains("21 epochs trained in all"); // 9 x 1, then 3 x 2 and 1 x 6 continued
        List<String> table = tableRows(a.out());
        assertThat(table).hasSize(9);
        assertThat(epochs(table)).containsExactly(9, 3, 3, 1, 1, 1, 1, 1, 1);
        assertThat(specsOf(tableRows(b.out()))).isEqualTo(specsOf(table));
        CliTestSupport.Result other = CliTestSupport.run(concatSeed(args, "7"));
        assertThat(specsOf(tableRows(other.out()))).isNotEqualTo(specsOf(table));
    }

    @Test
    void searchSpacesParseAndExpand() {
        var grid = SearchSpace.combinations(List.of(SearchSpace.grid("lr=0.1,0.01"), SearchSpace.grid("betas=0.9:0.99,0.5:0.9")));
        assertThat(grid).containsExactly(Map.of("lr", "0.1", "betas", "0.9:0.99"), Map.of("lr", "0.1", "betas", "0.5:0.9"),
                Map.of("lr", "0.01", "betas", "0.9:0.99"), Map.of("lr", "0.01", "betas", "0.5:0.9"));
        var draws = SearchSpace.draws(List.of(SearchSpace.random("lr=log:1e-4:1e-1"),
                SearchSpace.random("momentum=uniform:0:0.9")), 200, 3);
        for (Map<String, String> d : draws) {
            assertThat(Double.parseDouble(d.get("lr"))).isBetween(1e-4 * 0.995, 1e-1 * 1.005);
            assertThat(Double.parseDouble(d.get("momentum"))).isBetween(0.0, 0.9 * 1.005);
        }
        long below = draws.stream().filter(d -> Double.parseDouble(d.get("lr")) < 1e-2).count();
        assertThat(below).as("log-uniform: two thirds of the draws below 1e-2").isBetween(110L, 160L);
        assertThat(SearchSpace.threeDigits(0.000123456)).isEqualTo("1.23e-4");
        assertThat(SearchSpace.threeDigits(0.0123456)).isEqualTo("0.0123");
        assertThat(OptimizerSpecs.parse("adam(lr=0.01, amsgrad=true)").with(Map.of("lr", "0.1", "eps", "1e-6")).text())
                .isEqualTo("adam(lr=0.1, amsgrad=true, eps=1e-6)");
        SuccessiveHalving plan = SuccessiveHalving.plan(27, 3, 9);
        assertThat(plan.epochs()).containsExactly(1, 3, 9);
        assertThat(plan.survivors()).containsExactly(27, 9, 3);
        assertThat(plan.totalEpochs()).isEqualTo(27 + 27 + 27);
        assertThat(SuccessiveHalving.plan(10, 3, 2).epochs()).containsExactly(2);
    }

    @Test
    void badSearchesExitWith2BeforeTraining() {
        String[][] bad = {{"--grid", "lr=0.1", "--random", "lr=log:1e-3:1"}, {}, {"--grid", "foo=1,2"},
            {"--grid", "lr=0.1,,0.2"}, {"--random", "lr=log:0:1"}, {"--random", "lr=uniform:1"}, {"--grid", "lr=-1,0.1"},
            {"--grid", "lr=0.1", "--eta", "1"}, {"--grid", "lr=0.1", "--metric", "accuracy"},
            {"--grid", "lr=0.1", "--grid", "lr=0.2"}, {"--random", "lr=log:1e-3:1", "--trials", "0"},
            {"--grid", "lr=0.1", "--scheduler", "bohb"}, {"--grid", "lr=0.1", "--parallel", "0"},
            {"--grid", "batch_size=32,0"}, {"--grid", "lr=0.1", "--scheduler", "asha", "--halving"}};
        String[] expected = {"not both", "not neither", "unknown key 'foo'", "bad value ''", "LO > 0", "expected key=log",
            "lr", "--eta", "val_accuracy or val_loss", "searched twice", "--trials",
            "fifo, sha, asha or hyperband", "--parallel", "batch_size=0", "--halving"};
        for (int i = 0; i < bad.length; i++) {
            CliTestSupport.Result r = CliTestSupport.run(CompareCommandTest.concat("tune", TASK, bad[i]));
            assertThat(r.status()).as(String.join(" ", bad[i])).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", bad[i])).contains(expected[i]).doesNotContain("\tat ");
            assertThat(r.out()).doesNotContain("epochs  val_accuracy");
        }
    }

    @Test
    void parallelTrialsGiveTheSequentialResultsForEachScheduler(@TempDir Path dir) throws Exception {
        for (String scheduler : new String[] {"sha", "asha", "hyperband"}) {
            List<List<String>> runs = new ArrayList<>();
            for (String parallel : new String[] {"1", "2", "2"}) {
                Path csv = dir.resolve(scheduler + parallel + runs.size() + ".csv");
                CliTestSupport.Result r = CliTestSupport.run(CompareCommandTest.concat("tune", TASK, "--optimizer",
                        "sgd", "--random", "lr=log:1e-3:1", "--random", "momentum=0,0.9", "--trials", "9",
                        "--epochs", "9", "--scheduler", scheduler, "--parallel", parallel, "--csv", csv.toString()));
                assertThat(r.status()).as(scheduler + " " + r.err()).isZero();
                runs.add(withoutSeconds(Files.readAllLines(csv)));
            }
            if (!scheduler.equals("asha")) { // ASHA's decisions depend on the number of workers, never on timing
                assertThat(runs.get(1)).as(scheduler).isEqualTo(runs.get(0));
            }
            assertThat(runs.get(2)).as(scheduler).isEqualTo(runs.get(1));
            assertThat(runs.get(1).size()).as(scheduler).isGreaterThanOrEqualTo(10);
        }
    }

    @Test
    void batchSizeAndWidthAreSearchedBesideTheOptimizer() {
        CliTestSupport.Result r = CliTestSupport.run(CompareCommandTest.concat("tune", TASK, "--optimizer",
                "adam(lr=0.01)", "--grid", "batch_size=16,64", "--grid", "width=4,32", "--epochs", "2",
                "--parallel", "2"));
        assertThat(r.status()).as(r.err()).isZero();
        List<String> rows = tableRows(r.out());
        assertThat(rows).hasSize(4);
        for (String label : new String[] {"batch_size=16 width=4", "batch_size=16 width=32", "batch_size=64 width=4",
            "batch_size=64 width=32"}) {
            assertThat(rows).anyMatch(row -> row.contains("adam(lr=0.01) " + label));
        }
        assertThat(TrialConfig.withWidth("mlp(16, 8, activation=tanh)", 64)).isEqualTo("mlp(64, 64, activation=tanh)");
        CliTestSupport.Result linear = CliTestSupport.run("tune", "--data", "moons(n=300)", "--model", "linear",
                "--grid", "width=4,8");
        assertThat(linear.status()).isEqualTo(2);
        assertThat(linear.err()).contains("hidden width of --model mlp");
    }

    private static List<String> withoutSeconds(List<String> csv) {
        return csv.stream().map(l -> l.replaceAll(",[0-9.eE-]+,(true|false)$", ",$1")).toList();
    }

    private static List<String> tableRows(String out) {
        List<String> lines = List.of(out.split("\n"));
        int header = CompareCommandTest.indexOf(lines, "rank ");
        List<String> rows = new ArrayList<>();
        for (String l : lines.subList(header + 1, lines.size())) {
            if (!l.matches("\\s*\\d+\\s+\\d+\\s+[a-z]+\\(.*")) {
                break;
            }
            rows.add(l);
        }
        return rows;
    }

    private static List<Integer> epochs(List<String> rows) {
        return rows.stream().map(r -> {
            String[] f = r.strip().split("\\s+");
            return Integer.parseInt(f[f.length - 2]);
        }).toList();
    }

    private static List<String> specsOf(List<String> rows) {
        return rows.stream().map(r -> r.substring(r.indexOf("adam("), r.indexOf(')') + 1)).toList();
    }

    private static String[] concatSeed(String[] args, String seed) {
        String[] out = java.util.Arrays.copyOf(args, args.length + 2);
        out[args.length] = "--seed";
        out[args.length + 1] = seed;
        return out;
    }
}
