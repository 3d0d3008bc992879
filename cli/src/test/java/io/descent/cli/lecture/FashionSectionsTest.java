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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Fashion-MNIST versions of sections 5 to 8 (and the CNN of section 6), run on a small stand-in written in the
 * same files: 300 training and 100 test images of 28 x 28 pixels.
 */
class FashionSectionsTest {

    @Test
    void withFashionMnistTheSectionsTrainOnItAndSectionSixAddsTheCnn(@TempDir Path work) throws Exception {
        Path data = work.resolve("fashion");
        Files.createDirectories(data);
        FakeIdx.write(data, 300, 100);
        Path out = work.resolve("report");
        StringWriter log = new StringWriter();
        List<Part> parts = List.of(new ConvexTraining(), new Networks(), new BatchNormalization(), new Overfitting());
        Lecture.write(out, Budget.quick(), Optional.of(FashionMnist.load(Optional.of(data))), null, "test",
                new PrintWriter(log), parts);
        ReportPage page = ReportPage.read(out.resolve("index.html"));
        assertThat(page.html()).contains("Fashion-MNIST is installed");
        assertThat(page.sections()).hasSize(4);
        ReportPage.Part networks = page.section("A network");
        assertThat(networks.images()).contains("img/6-cnn-loss.png", "img/6-cnn-train-error.png", "img/6-cnn-test-error.png");
        assertThat(networks.rows()).extracting(row -> row.get(0)).containsOnly("MLP", "CNN");
        assertThat(networks.measured()).contains("the MLP on 300 training and 100 test images, the CNN on 100 and 100");
        assertThat(page.section("Logistic regression").measured()).contains("300 Fashion-MNIST training images");
        assertThat(log.toString()).contains("small CNN");
        ReportCommandTest.checkImages(page, out);
        ReportCommandTest.checkSentences(page);
    }
}
