package io.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {
    private static final String[] TASK = {"--data", "moons(n=300)", "--model", "mlp(16)", "--batch-size", "32"};

    @Test
    void printsTheTableAndWritesThePlotAndTheCurves(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("loss.png");
        Path csv = dir.resolve("curves.csv");
        CliTestSupport.Result r = CliTestSupport.run(concat("compare", TASK, "--optimizer", "sgd(lr=0.1)", "--optimizer",
                "adam(lr=0.01)", "--optimizer", "newton", "--epochs", "3", "--target-accuracy", "0.5", "--plot",
                png.toString(), "--csv", csv.toString()));
        assertThat(r.status()).as(r.err()).isZero();
        List<String> lines = List.of(r.out().split("\n"));
        int header = indexOf(lines, "optimizer ");
        assertThat(lines.get(header)).contains("train loss", "val accuracy", "seconds", "epochs to 0.5");
        assertThat(lines.get(header + 1)).startsWith("sgd(lr=0.1) ");
        assertThat(lines.get(header + 2)).startsWith("adam(lr=0.01) ");
        assertThat(lines.get(header + 3)).startsWith("newton ");

        List<String> rows = Files.readAllLines(csv);
        assertThat(rows.get(0)).isEqualTo("optimizer,epoch,train_loss,train_accuracy,val_loss,val_accuracy,seconds");
        assertThat(rows).hasSize(1 + 3 * 3);
        assertThat(rows.get(1)).startsWith("sgd(lr=0.1),1,");
        // The table's final training loss of adam is its last epoch in the CSV, as the table formats numbers.
        double adamLoss = Double.parseDouble(rows.get(6).split(",")[2]);
        assertThat(rows.get(6)).startsWith("adam(lr=0.01),3,");
        assertThat(lines.get(header + 2)).contains(io.descent.report.Numbers.format(adamLoss));
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(900);
    }

    @Test
    void theEpochThatReachedTheTargetIsTheFirstWithThatValidationAccuracy(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("c.csv");
        CliTestSupport.Result r = CliTestSupport.run(concat("compare", TASK, "--optimizer", "adam(lr=0.05)", "--epochs",
                "6", "--target-accuracy", "0.8", "--csv", csv.toString()));
        assertThat(r.status()).as(r.err()).isZero();
        int first = 0;
        for (String row : Files.readAllLines(csv).subList(1, 7)) {
            String[] f = row.split(",");
            if (first == 0 && Double.parseDouble(f[5]) >= 0.8) {
                first = Integer.parseInt(f[1]);
            }
        }
        assertThat(first).as("some epoch reached 0.8").isPositive();
        String row = List.of(r.out().split("\n")).stream().filter(l -> l.startsWith("adam(lr=0.05) ")).findFirst().orElseThrow();
        assertThat(row.strip()).endsWith(" " + first);
    }

    @Test
    void badArgumentsExitWith2AndSayWhatIsValid() {
        assertThat(err(concat("compare", TASK, "--optimizer", "adamm"))).contains("unknown optimizer 'adamm'; valid: sgd");
        assertThat(err(concat("compare", TASK, "--optimizer", "sgd(lr=-1)"))).contains("lr");
        assertThat(err(concat("compare", TASK, "--optimizer", "adam", "--optimizer", "adam"))).contains("given twice");
        assertThat(err(concat("compare", TASK, "--optimizer", "adam", "--epochs", "0"))).contains("--epochs");
        assertThat(err(concat("compare", TASK, "--optimizer", "adam", "--plot", "loss.txt"))).contains(".png or .svg");
        assertThat(err(concat("compare", TASK, "--optimizer", "adam", "--target-accuracy", "1.5"))).contains("(0, 1]");
        assertThat(err(concat("compare", TASK, "--optimizer", "adam", "--validation-split", "0"))).contains("validation");
        assertThat(err("compare", "--data", "nosuch", "--optimizer", "adam")).contains("unknown data set");
    }

    private static String err(String... args) {
        CliTestSupport.Result r = CliTestSupport.run(args);
        assertThat(r.status()).as(String.join(" ", args)).isEqualTo(2);
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        return r.err();
    }

    static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no line starts with '" + prefix + "' in " + lines);
    }

    static String[] concat(String command, String[] task, String... more) {
        String[] out = new String[1 + task.length + more.length];
        out[0] = command;
        System.arraycopy(task, 0, out, 1, task.length);
        System.arraycopy(more, 0, out, 1 + task.length, more.length);
        return out;
    }
}
