package io.descent.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {
    @TempDir
    Path dir;

    @Test
    void formatFollowsTheExtension() throws Exception {
        Chart chart = LineChartTest.marginLosses(new Palette());
        Charts.save(chart, dir.resolve("a.PNG"), 300, 200);
        Charts.save(chart, dir.resolve("a.svg"), 300, 200);
        assertThat(ImageIO.read(dir.resolve("a.PNG").toFile()).getWidth()).isEqualTo(300);
        assertThat(Files.readString(dir.resolve("a.svg"))).startsWith("<?xml").contains("<svg")
                .contains("viewBox='0 0 300 200'");
        assertThatThrownBy(() -> Charts.save(chart, dir.resolve("a.jpg"), 300, 200)).hasMessageContaining(".png or .svg");
        assertThatThrownBy(() -> Charts.save(chart, dir.resolve("b.png"), 10, 200)).hasMessageContaining("width");
    }

    @Test
    void savingReplacesAtomicallyAndLeavesNoTemporaryFiles() throws Exception {
        Path file = dir.resolve("charts").resolve("loss.png");
        Charts.save(LineChartTest.marginLosses(new Palette()), file, 400, 300);
        Charts.save(LineChartTest.marginLosses(new Palette()), file, 500, 300);
        assertThat(ImageIO.read(file.toFile()).getWidth()).isEqualTo(500);
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("loss.png");
        }
    }

    @Test
    void failedDrawingLeavesTheOldFileAndNoTemporaryFile() throws Exception {
        Path file = dir.resolve("loss.svg");
        Charts.save(LineChartTest.marginLosses(new Palette()), file, 400, 300);
        String before = Files.readString(file);
        Chart broken = () -> {
            throw new IllegalStateException("no data");
        };
        assertThatThrownBy(() -> Charts.save(broken, file, 400, 300)).hasMessage("no data");
        assertThat(Files.readString(file)).isEqualTo(before);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void sameChartGivesTheSameSvgBytes() throws Exception {
        Charts.save(LineChartTest.marginLosses(new Palette()), dir.resolve("1.svg"), 400, 300);
        Charts.save(LineChartTest.marginLosses(new Palette()), dir.resolve("2.svg"), 400, 300);
        assertThat(Files.readString(dir.resolve("1.svg"))).isEqualTo(Files.readString(dir.resolve("2.svg")));
    }

    @Test
    void hundredthsAreShortAndExact() {
        assertThat(Charts.hundredths(12.0)).isEqualTo("12");
        assertThat(Charts.hundredths(-0.5)).isEqualTo("-0.5");
        assertThat(Charts.hundredths(3.14159)).isEqualTo("3.14");
        assertThat(Charts.hundredths(0.049)).isEqualTo("0.05");
        assertThat(Charts.hundredths(1.004)).isEqualTo("1");
        assertThat(Charts.hundredths(2.07)).isEqualTo("2.07");
    }
}
