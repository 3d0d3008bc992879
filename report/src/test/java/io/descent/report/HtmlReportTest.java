package io.descent.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    @TempDir
    Path dir;

    private static HtmlReport sample() {
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("Java", "17.0.15");
        machine.put("cores", "2");
        return new HtmlReport("Descent <report>")
                .intro("Optimizers & losses.")
                .add(new Section("Losses of the margin", "The square, log and hinge losses for m in [-3, 3].",
                        List.of("margin.png")))
                .add(new Section("Beale <script>alert('x')</script>", "Paths of \"sgd\" & adam from (1, 1.5).",
                        List.of("charts/beale path.svg"),
                        Table.of("optimizer", "f after 500 steps", "steps").row("sgd", 0.0412345, 500)
                                .row("<b>adam</b>", 1.5e-7, 500)))
                .footer(new Provenance("descent report --out 'r' <x>", "2026-11-28T16:00Z", machine));
    }

    private void images() throws Exception {
        Files.writeString(dir.resolve("margin.png"), "png");
        Files.createDirectories(dir.resolve("charts"));
        Files.writeString(dir.resolve("charts/beale path.svg"), "<svg/>");
    }

    @Test
    void callerTextIsEscapedEverywhere() {
        String html = sample().render();
        assertThat(html).doesNotContain("<script>", "<b>adam</b>", "<report>", "<x>")
                .contains("Beale &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
                .contains("&lt;b&gt;adam&lt;/b&gt;")
                .contains("Paths of &quot;sgd&quot; &amp; adam")
                .contains("<title>Descent &lt;report&gt;</title>")
                .contains("descent report --out &#39;r&#39; &lt;x&gt;");
    }

    @Test
    void pageHasSectionsTablesFooterAndNoScriptOrExternalResource() {
        String html = sample().render();
        assertThat(html).startsWith("<!DOCTYPE html>")
                .contains("<h2>Losses of the margin</h2>")
                .contains("<p class=\"measured\">The square, log and hinge losses")
                .contains("<img src=\"charts/beale%20path.svg\"")
                .contains("<td class=\"num\">0.04123</td>", "<td class=\"num\">1.5e-7</td>", "<td class=\"num\">500</td>")
                .contains("<th class=\"num\">steps</th>", "<th>optimizer</th>")
                .contains("How this was made", "<dt>Java</dt><dd>17.0.15</dd>", "2026-11-28T16:00Z")
                .contains("<a href=\"#losses-of-the-margin\">")
                .doesNotContain("<script", "http://", "https://", "<link");
        assertThat(html.indexOf("<dt>Java</dt>")).isLessThan(html.indexOf("<dt>cores</dt>"));
    }

    @Test
    void writingChecksThatEveryImageExists() throws Exception {
        HtmlReport report = sample();
        assertThat(report.missingImages(dir)).containsExactly("margin.png", "charts/beale path.svg");
        assertThatThrownBy(() -> report.write(dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("margin.png").hasMessageContaining("charts/beale path.svg");
        assertThat(dir.resolve("index.html")).doesNotExist();
        images();
        assertThat(report.missingImages(dir)).isEmpty();
        Path page = report.write(dir);
        assertThat(page).isEqualTo(dir.resolve("index.html")).exists();
    }

    @Test
    void writingReplacesThePageAtomicallyAndLeavesNoTemporaryFiles() throws Exception {
        images();
        Files.writeString(dir.resolve("index.html"), "old");
        sample().write(dir);
        sample().intro("Second run.").write(dir);
        assertThat(Files.readString(dir.resolve("index.html"))).contains("Second run.").endsWith("</html>\n");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("index.html", "margin.png", "charts");
        }
    }

    @Test
    void sectionsRejectPathsOutsideTheReportAndEmptyContent() {
        for (String bad : new String[] {"../secret.png", "/etc/passwd", "a/../../b.png", "javascript:alert(1)",
            "c:\\x.png", "a//b.png", ""}) {
            assertThatThrownBy(() -> new Section("h", "m", List.of(bad))).as(bad)
                    .hasMessageContaining("relative path");
        }
        assertThatThrownBy(() -> new Section("h", "m", List.of())).hasMessageContaining("neither images nor table");
        assertThatThrownBy(() -> new Section("h", " ", List.of("a.png"))).hasMessageContaining("measured");
        assertThatThrownBy(() -> Table.of("a", "b").row("x")).hasMessageContaining("1 cells but the header");
        assertThatThrownBy(() -> Table.of("a").row(new Object())).hasMessageContaining("text or numbers");
    }

    @Test
    void duplicateHeadingsGetDistinctAnchors() {
        HtmlReport r = new HtmlReport("t")
                .add(new Section("Loss", "m", List.of("a.png")))
                .add(new Section("Loss", "m", List.of("b.png")));
        assertThat(r.render()).contains("id=\"loss\"", "id=\"loss-2\"");
    }

    @Test
    void theOpeningComesBeforeTheSectionsOutsideTheirListAndItsImagesAreChecked() throws Exception {
        images();
        HtmlReport page = sample().opening(new Section("Claims <tested>", "Of 2 claims, 1 holds.", List.of(),
                Table.of("claim", "verdict").row("adam & amsgrad", "holds")));
        String html = page.render();
        int opening = html.indexOf("<section class=\"opening\" id=\"claims\">");
        assertThat(opening).isGreaterThan(html.indexOf("</header>"));
        assertThat(opening).isLessThan(html.indexOf("<h2>Losses of the margin</h2>"));
        assertThat(html).contains("<h2>Claims &lt;tested&gt;</h2>", "<td>adam &amp; amsgrad</td>");
        assertThat(html.substring(html.indexOf("<nav>"), html.indexOf("</nav>"))).doesNotContain("Claims");
        assertThat(page.write(dir)).exists();
        HtmlReport missing = sample().opening(new Section("Claims", "One picture.", List.of("claims.png")));
        assertThat(missing.missingImages(dir)).containsExactly("claims.png");
    }
}
