package io.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.cli.lecture.Lecture;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code descent report --quick}: the page, its pictures, and sentences that say what the tables hold. */
public class ReportCommandTest {
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?(e-?\\d+)?");

    @TempDir
    static Path dir;
    static CliTestSupport.Result run;
    static ReportPage page;

    @BeforeAll
    static void writeTheQuickReport() throws Exception {
        run = CliTestSupport.run("report", "--quick", "--without-fashion-mnist", "--out", dir.toString());
        assertThat(run.status()).as(run.err()).isZero();
        page = ReportPage.read(dir.resolve("index.html"));
    }

    @Test
    void thePageHasTwelveSectionsEachWithPicturesATableAndASentence() {
        assertThat(run.out()).contains("wrote " + dir.resolve("index.html"));
        assertThat(page.sections()).hasSize(12);
        assertThat(page.sections()).extracting(ReportPage.Part::heading).containsExactly(
                "Linear models: three losses of the margin", "Not all data is linear: two spirals",
                "Gradient descent against Newton's method", "The optimizer gallery",
                "Logistic regression (convex): optimizers compared", "A network: SGD against adaptive methods",
                "Batch normalization on and off", "Early stopping",
                "Adam against AMSGrad on Reddi, Kale and Kumar's counterexample",
                "Newton against saddle-free Newton on the saddle", "Hessian-free optimization against SGD and Adam",
                "The Hessian's spectrum during training");
        for (ReportPage.Part s : page.sections()) {
            assertThat(s.images()).as(s.heading()).isNotEmpty();
            assertThat(s.rows()).as(s.heading()).isNotEmpty();
            assertThat(s.measured()).as(s.heading()).endsWith(".");
        }
        assertThat(page.html()).contains("Fashion-MNIST is not used here").contains("--without-fashion-mnist")
                .contains("How this was made").contains("descent report --quick");
    }

    @Test
    void everyImageExistsAndDecodes() throws Exception {
        assertThat(page.sections().stream().mapToInt(s -> s.images().size()).sum()).isGreaterThanOrEqualTo(20);
        checkImages(page, dir);
    }

    public static void checkImages(ReportPage page, Path dir) throws Exception {
        List<String> images = new ArrayList<>();
        page.sections().forEach(s -> images.addAll(s.images()));
        assertThat(images).isNotEmpty().doesNotHaveDuplicates().allMatch(i -> i.startsWith("img/"));
        for (String image : images) {
            Path file = dir.resolve(image);
            assertThat(file).as(image).isRegularFile();
            if (image.endsWith(".png")) {
                BufferedImage decoded = ImageIO.read(file.toFile());
                assertThat(decoded).as(image).isNotNull();
                assertThat(decoded.getWidth()).as(image).isGreaterThan(300);
            } else {
                assertThat(image).endsWith(".svg");
                var f = DocumentBuilderFactory.newInstance();
                f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
                assertThat(f.newDocumentBuilder().parse(file.toFile()).getDocumentElement().getTagName()).isEqualTo("svg");
            }
        }
    }

    @Test
    void everySentenceQuotesNumbersOfItsTable() {
        checkSentences(page);
    }

    public static void checkSentences(ReportPage page) {
        for (ReportPage.Part s : page.sections()) {
            List<String> cells = new ArrayList<>();
            s.rows().forEach(cells::addAll);
            List<String> quoted = new ArrayList<>();
            Matcher m = NUMBER.matcher(s.measured());
            while (m.find()) {
                if (cells.contains(m.group())) {
                    quoted.add(m.group());
                }
            }
            assertThat(quoted).as(s.heading() + ": " + s.measured()).hasSizeGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void newtonsSentenceGivesTheIterationsOfTheTable() {
        ReportPage.Part s = page.section("Gradient descent against Newton");
        Matcher m = Pattern.compile("Newton's method reached gradient norm 1e-8 in (\\d+) iterations, L-BFGS in (\\d+) "
                + "and gradient descent with its constant step 1/L in (\\d+)").matcher(s.measured());
        assertThat(m.find()).as(s.measured()).isTrue();
        assertThat(s.cell("Newton", "iterations to 1e-8")).isEqualTo(m.group(1));
        assertThat(s.cell("L-BFGS", "iterations to 1e-8")).isEqualTo(m.group(2));
        assertThat(s.cell("gradient descent", "iterations to 1e-8")).isEqualTo(m.group(3));
        // the lecture's claim, as measured
        assertThat(Integer.parseInt(m.group(3))).isGreaterThan(100 * Integer.parseInt(m.group(1)));
    }

    @Test
    void theLinearModelsSentenceGivesTheTestAccuraciesOfTheTable() {
        ReportPage.Part s = page.section("Linear models");
        Matcher m = Pattern.compile("test accuracy (\\S+) \\(square\\), (\\S+) \\(log\\) and (\\S+) \\(hinge\\)")
                .matcher(s.measured());
        assertThat(m.find()).as(s.measured()).isTrue();
        assertThat(List.of(m.group(1), m.group(2), m.group(3))).containsExactly(s.cell("square", "test accuracy"),
                s.cell("log", "test accuracy"), s.cell("hinge", "test accuracy"));
        assertThat(s.measured()).contains("the hinge loss " + s.cell("hinge", "at margin 2"));
    }

    @Test
    void earlyStoppingSaysWhichEpochWasRestoredAndWhereTrainingStopped() {
        ReportPage.Part s = page.section("Early stopping");
        Matcher m = Pattern.compile("the validation loss was lowest \\((\\S+)\\) at epoch (\\d+)").matcher(s.measured());
        assertThat(m.find()).as(s.measured()).isTrue();
        assertThat(s.rows().get(0).get(0)).isEqualTo(m.group(2));
        assertThat(s.rows().get(0).get(s.header().indexOf("validation loss"))).isEqualTo(m.group(1));
        Matcher stop = Pattern.compile("training stopped at epoch (\\d+)").matcher(s.measured());
        if (stop.find()) {
            assertThat(s.rows().get(1).get(0)).isEqualTo(stop.group(1));
            assertThat(s.rows().get(1).get(1)).contains("without improvement");
        } else {
            assertThat(s.rows().get(1).get(1)).contains("budget ran out");
        }
        // the restored epoch had the lowest validation loss of the two
        assertThat(Double.parseDouble(s.rows().get(0).get(3))).isLessThanOrEqualTo(Double.parseDouble(s.rows().get(1).get(3)));
    }

    @Test
    void adamDriftsToTheWorstPointAndAmsgradToTheBestAsTheSentenceSays() {
        ReportPage.Part s = page.section("Adam against AMSGrad");
        Matcher m = Pattern.compile("Adam was at x = (\\S+) \\(average regret (\\S+)\\) and AMSGrad at x = (\\S+) "
                + "\\(average regret (\\S+)\\)").matcher(s.measured());
        assertThat(m.find()).as(s.measured()).isTrue();
        assertThat(m.group(1)).isEqualTo(s.cell("adam", "x at the end"));
        assertThat(m.group(2)).isEqualTo(s.cell("adam", "average regret"));
        assertThat(m.group(3)).isEqualTo(s.cell("amsgrad", "x at the end"));
        assertThat(m.group(4)).isEqualTo(s.cell("amsgrad", "average regret"));
        assertThat(Double.parseDouble(m.group(1))).isGreaterThan(0.9);
        assertThat(Double.parseDouble(m.group(3))).isLessThan(-0.9);
    }

    @Test
    void theGallerySaysWhichOptimizersLeftTheSaddle() {
        ReportPage.Part s = page.section("The optimizer gallery");
        Matcher m = Pattern.compile("after \\d+ steps (.*?) had left it \\(\\|x\\| > 1\\)").matcher(s.measured());
        assertThat(m.find()).as(s.measured()).isTrue();
        for (List<String> row : s.rows()) {
            if (row.get(0).startsWith("The saddle")) {
                double x = Double.parseDouble(row.get(s.header().indexOf("end x")).replace("inf", "Infinity"));
                assertThat(m.group(1).contains(row.get(1))).as(row.toString()).isEqualTo(!(Math.abs(x) <= 1));
            }
        }
    }

    @Test
    void estimateSaysHowLongTheStandardClaimsShouldTakeFromTheQuickRunsTimingsAndTrainsNothing() throws Exception {
        long before;
        try (var files = java.nio.file.Files.list(dir.resolve("runs"))) {
            before = files.count();
        }
        CliTestSupport.Result r = CliTestSupport.run("report", "--estimate", "--without-fashion-mnist", "--out",
                dir.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).contains("0 cached").contains("estimated ").contains("at the speed of " + before
                + " earlier runs").doesNotContain("run 1 of");
        try (var files = java.nio.file.Files.list(dir.resolve("runs"))) {
            assertThat(files.count()).isEqualTo(before);
        }
    }

    @Test
    void badReportOptionsExitWith2(@TempDir Path empty) {
        CliTestSupport.Result r = CliTestSupport.run("report", "--quick", "--full", "--out", empty.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("--quick or --full");
        CliTestSupport.Result missing = CliTestSupport.run("report", "--quick", "--fashion-mnist",
                empty.resolve("nothing").toString(), "--out", empty.toString());
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains("apt-get install -y dataset-fashion-mnist").doesNotContain("\tat ");
        CliTestSupport.Result none = CliTestSupport.run("report", "--quick", "--parallel", "0", "--out",
                empty.toString());
        assertThat(none.status()).isEqualTo(2);
        assertThat(none.err()).contains("--parallel").contains("0: expected a positive integer");
    }

    @Test
    void withoutTheDataTheLoaderSaysHowToInstallIt(@TempDir Path empty) {
        String[] note = new String[1];
        assertThat(Lecture.tryLoad(empty, note)).isEmpty();
        assertThat(note[0]).contains("apt-get install -y dataset-fashion-mnist");
        assertThat(Files.exists(empty.resolve("index.html"))).isFalse();
    }
}
