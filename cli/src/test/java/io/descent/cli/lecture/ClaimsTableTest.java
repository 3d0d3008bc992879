package io.descent.cli.lecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The claims table opens the page with every claim and a verdict, and a second report reads its runs back. */
class ClaimsTableTest {
    static final List<String> CLAIMS = List.of("all methods improve upon SGD", "AdaGrad converges the fastest",
            "Momentum methods have a smoothing effect", "AdaGrad and momentum methods are unstable",
            "RMSProp/AdaDelta perform the best", "Adam does not converge without modification",
            "Adam is the fastest in training loss", "SGD reaches zero test error and adaptive methods do not",
            "worse test error than well-tuned SGD", "Batch normalization speeds up training",
            "Early stopping improves generalization");
    private static final Pattern OPENING = Pattern.compile("<section class=\"opening\" id=\"claims\">(.*?)</section>",
            Pattern.DOTALL);
    private static final Pattern ROW = Pattern.compile("<tr><td>(.*?)</tr>", Pattern.DOTALL);

    @Test
    void thePageOpensWithEveryClaimAndAVerdictAndAResumedReportTrainsNothing(@TempDir Path out) throws Exception {
        StringWriter log = new StringWriter();
        Lecture.write(out, Budget.quick(), Optional.empty(), "no data", "test", new PrintWriter(log), List.of(), true);
        String html = Files.readString(out.resolve("index.html"));
        Matcher m = OPENING.matcher(html);
        assertThat(m.find()).as(html).isTrue();
        assertThat(html.indexOf("id=\"claims\"")).isLessThan(html.indexOf("<footer>"));
        List<String> rows = new ArrayList<>();
        Matcher r = ROW.matcher(m.group(1));
        while (r.find()) {
            rows.add(r.group(1));
        }
        assertThat(rows).hasSize(CLAIMS.size());
        for (int k = 0; k < CLAIMS.size(); k++) {
            assertThat(rows.get(k)).contains(CLAIMS.get(k))
                    .containsAnyOf(">holds<", ">does not hold here<", ">depends on the step size<")
                    .contains("x1: ").contains("x3: ");
        }
        int runs = (7 + 5 + 1) * 2;   // logistic regression, the MLP, the MLP with BatchNorm; two grid points, one seed
        assertThat(log.toString()).contains("descent report: claims, run 1 of " + runs + ": ")
                .contains("run " + runs + " of " + runs + ": ").contains("ETA");
        assertThat(m.group(1)).contains(runs + " were trained now and 0 read");
        try (var files = Files.list(out.resolve("runs"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".json")).count()).isEqualTo(runs);
        }

        StringWriter again = new StringWriter();
        Lecture.write(out, Budget.quick(), Optional.empty(), "no data", "test", new PrintWriter(again), List.of(), true);
        String resumed = Files.readString(out.resolve("index.html"));
        assertThat(resumed).contains("0 were trained now and " + runs + " read");
        assertThat(again.toString()).contains("run " + runs + " of " + runs + ": ").doesNotContain("ETA");
        // the same numbers, read back
        Matcher m2 = OPENING.matcher(resumed);
        assertThat(m2.find()).isTrue();
        assertThat(m2.group(1).replaceAll("\\d+ were trained now and \\d+ read", ""))
                .isEqualTo(m.group(1).replaceAll("\\d+ were trained now and \\d+ read", ""));

        // An interrupted report left all but three runs: only those three are trained.
        try (var files = Files.list(out.resolve("runs"))) {
            for (Path p : files.sorted().limit(3).toList()) {
                Files.delete(p);
            }
        }
        Lecture.write(out, Budget.quick(), Optional.empty(), "no data", "test", new PrintWriter(new StringWriter()),
                List.of(), true);
        assertThat(Files.readString(out.resolve("index.html"))).contains("3 were trained now and " + (runs - 3) + " read");
    }
}
