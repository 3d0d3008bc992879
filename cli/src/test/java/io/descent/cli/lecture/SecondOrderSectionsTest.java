package io.descent.cli.lecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.cli.FakeIdx;
import io.descent.cli.ReportCommandTest;
import io.descent.cli.ReportPage;
import io.descent.data.FashionMnist;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sections 10 and 11: the saddle's closed forms and Hessian-free against SGD and Adam, their sentences from the tables. */
class SecondOrderSectionsTest {

    private static ReportPage write(Path out, Optional<FashionMnist> fashion) throws Exception {
        Lecture.write(out, Budget.quick(), fashion, fashion.isPresent() ? null : "none", "test",
                new PrintWriter(new StringWriter()), List.of(new SaddleFreeSection(), new HessianFreeSection(), new SpectrumSection()));
        ReportPage page = ReportPage.read(out.resolve("index.html"));
        ReportCommandTest.checkImages(page, out);
        ReportCommandTest.checkSentences(page);
        return page;
    }

    @Test
    void theSaddleSectionQuotesTheMeasuredRatiosWhichAreTheClosedForms(@TempDir Path out) throws Exception {
        ReportPage.Part s = write(out, Optional.empty()).section("Newton against saddle-free Newton");
        Matcher m = Pattern.compile("Newton multiplied x by (\\S+) to (\\S+) and y by (\\S+) to (\\S+) at each step.*"
                + "saddle-free Newton multiplied x by (\\S+) to (\\S+) and y by (\\S+) to (\\S+) at each step")
                .matcher(s.measured());
        assertThat(m.find()).as(s.measured()).isTrue();
        assertThat(m.group(1)).isEqualTo(s.cell("Newton", "smallest x ratio")).isEqualTo("0.6667");
        assertThat(m.group(2)).isEqualTo(s.cell("Newton", "largest x ratio")).isEqualTo("0.6667");
        assertThat(m.group(3)).isEqualTo(s.cell("Newton", "smallest y ratio")).isEqualTo("0.6667");
        assertThat(m.group(5)).isEqualTo(s.cell("saddle-free Newton", "smallest x ratio")).isEqualTo("1.333");
        assertThat(m.group(6)).isEqualTo(s.cell("saddle-free Newton", "largest x ratio")).isEqualTo("1.333");
        assertThat(m.group(8)).isEqualTo(s.cell("saddle-free Newton", "largest y ratio")).isEqualTo("0.6667");
    }

    @Test
    void hessianFreeIsMeasuredAgainstSgdAndAdamOnBothDataSets(@TempDir Path work) throws Exception {
        ReportPage.Part synthetic = write(work.resolve("a"), Optional.empty()).section("Hessian-free");
        checkHessianFree(synthetic);
        assertThat(synthetic.measured()).contains("two noisy moons");
        Path data = work.resolve("fashion");
        Files.createDirectories(data);
        FakeIdx.write(data, 300, 100);
        ReportPage.Part fashion = write(work.resolve("b"), Optional.of(FashionMnist.load(Optional.of(data))))
                .section("Hessian-free");
        checkHessianFree(fashion);
        assertThat(fashion.measured()).contains("300 Fashion-MNIST training images").contains("784-16-10");
    }

    @Test
    void theSpectrumIsMeasuredAtThreeTimesForFourRunsAndTheSentenceQuotesTheTable(@TempDir Path out) throws Exception {
        ReportPage.Part s = write(out, Optional.empty()).section("The Hessian's spectrum");
        assertThat(s.images()).hasSize(4);
        assertThat(s.rows()).hasSize(12);
        for (String run : List.of("SGD", "SGD + BatchNorm", "Adam", "Adam + BatchNorm")) {
            List<List<String>> rows = s.rows().stream().filter(r -> r.get(0).equals(run)).toList();
            assertThat(rows).extracting(r -> r.get(1)).containsExactly("initialization", "epoch 1", "epoch 2");
            Matcher m = Pattern.compile("with " + Pattern.quote(run) + " the largest eigenvalue went from (\\S+) at "
                    + "initialization to (\\S+) after epoch 1 and (\\S+) after epoch 2, and the negative share from "
                    + "(\\S+) to ([^;.\\s]+(\\.\\d+)?)").matcher(s.measured());
            assertThat(m.find()).as(s.measured()).isTrue();
            int largest = s.header().indexOf("largest");
            int negative = s.header().indexOf("negative share");
            assertThat(m.group(1)).isEqualTo(rows.get(0).get(largest));
            assertThat(m.group(2)).isEqualTo(rows.get(1).get(largest));
            assertThat(m.group(3)).isEqualTo(rows.get(2).get(largest));
            assertThat(m.group(4)).isEqualTo(rows.get(0).get(negative));
            assertThat(m.group(5)).isEqualTo(rows.get(2).get(negative));
            for (List<String> r : rows) {
                double top = Double.parseDouble(r.get(largest));
                assertThat(top).as(r.toString()).isPositive()
                        .isGreaterThanOrEqualTo(Double.parseDouble(r.get(s.header().indexOf("2nd"))));
                assertThat(Double.parseDouble(r.get(s.header().indexOf("smallest")))).isLessThanOrEqualTo(top);
                assertThat(Double.parseDouble(r.get(negative))).isBetween(0.0, 1.0);
            }
        }
    }

    private static void checkHessianFree(ReportPage.Part s) {
        Matcher m = Pattern.compile("SGD ended at training loss (\\S+), Adam at (\\S+) and Hessian-free at (\\S+);")
                .matcher(s.measured());
        assertThat(m.find()).as(s.measured()).isTrue();
        assertThat(m.group(1)).isEqualTo(s.cell("SGD", "final train loss"));
        assertThat(m.group(2)).isEqualTo(s.cell("Adam", "final train loss"));
        assertThat(m.group(3)).isEqualTo(s.cell("Hessian-free", "final train loss"));
        String to = s.cell("Hessian-free", "passes to SGD's final loss");
        assertThat(s.measured()).contains(to.equals("not reached") ? "did not reach SGD's final loss"
                : "reached SGD's final loss after " + to + " passes");
        // the quick budget: 15 x 2 epochs = 30 passes; Hessian-free's last step (at most 1 + 2 x 10 + 40) may pass it
        assertThat(s.measured()).contains("a budget of 30 passes each");
        assertThat(s.cell("SGD", "passes")).isEqualTo("30");
        assertThat(s.cell("Adam", "passes")).isEqualTo("30");
        assertThat(Long.parseLong(s.cell("Hessian-free", "passes"))).isBetween(30L, 30L + 61);
    }
}
