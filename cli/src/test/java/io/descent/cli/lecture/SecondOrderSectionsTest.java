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
                new PrintWriter(new StringWriter()), List.of(new SaddleFreeSection(), new HessianFreeSection()));
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
