package io.descent.cli.lecture;

import io.descent.InvalidInputException;
import io.descent.data.FashionMnist;
import io.descent.report.HtmlReport;
import io.descent.report.Provenance;
import io.descent.report.Section;
import io.descent.tensor.Gemm;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The lecture report: twelve experiments on optimization for deep learning, each a {@link Part} that draws its
 * pictures into {@code <out>/img/} and returns a section, gathered into {@code <out>/index.html}.
 */
public final class Lecture {
    /** The sections, in the order of the lecture. */
    static List<Part> parts() {
        return List.of(new LinearModels(), new Spirals(), new NewtonVersusGradientDescent(), new Gallery(),
                new ConvexTraining(), new Networks(), new BatchNormalization(), new Overfitting(),
                new AdamCounterexample(), new SaddleFreeSection(), new HessianFreeSection(), new SpectrumSection());
    }

    private Lecture() {
    }


    /**
     * Runs every experiment and writes the page.
     *
     * @param fashion     Fashion-MNIST, or empty to run without it
     * @param missingNote why Fashion-MNIST is not used (with how to install it), or null when it is
     * @return the page written
     */
    public static Path write(Path out, Budget budget, Optional<FashionMnist> fashion, String missingNote,
            String commandLine, PrintWriter log) throws IOException {
        return write(out, budget, fashion, missingNote, commandLine, log, parts(), true);
    }

    /** The page with only the given sections and no claims table (tests run a few of them). */
    static Path write(Path out, Budget budget, Optional<FashionMnist> fashion, String missingNote, String commandLine,
            PrintWriter log, List<Part> parts) throws IOException {
        return write(out, budget, fashion, missingNote, commandLine, log, parts, false);
    }

    /** The page with the given sections, opened by the claims table when {@code claims}. */
    static Path write(Path out, Budget budget, Optional<FashionMnist> fashion, String missingNote, String commandLine,
            PrintWriter log, List<Part> parts, boolean claims) throws IOException {
        long start = System.nanoTime();
        Files.createDirectories(out.resolve("img"));
        Figures f = new Figures(out, budget, fashion, log);
        HtmlReport page = new HtmlReport("Optimization for deep learning, measured on this machine");
        page.intro((claims ? "The table of claims first holds what the lecture claims against what was measured. " : "")
                + "Each section below reruns one experiment of the lecture with this library and states what was "
                + "measured; the numbers are in the tables under the pictures. Budget: " + budget.name() + ".");
        page.intro(fashion.isPresent() ? "Fashion-MNIST is installed: sections 5 to 8 train on samples of it, and "
                + "section 6 adds a small convolutional network."
                : "Fashion-MNIST is not used here, so sections 5 to 8 train on synthetic data and section 6 has no CNN. "
                        + missingNote);
        List<String> timings = new ArrayList<>();
        Set<String> images = new HashSet<>();
        if (claims) {
            long t0 = System.nanoTime();
            f.log("descent report: the claims table...");
            page.opening(Claims.build(f));
            timings.add(String.format(Locale.ROOT, "claims: %.0f s", (System.nanoTime() - t0) / 1e9));
        }
        for (int k = 0; k < parts.size(); k++) {
            Part p = parts.get(k);
            long t0 = System.nanoTime();
            f.log(String.format("descent report: section %d of %d, %s...", k + 1, parts.size(), p.name()));
            Section s = p.build(f);
            page.add(s);
            images.addAll(s.images());
            timings.add(String.format(Locale.ROOT, "%d: %.0f s", k + 1, (System.nanoTime() - t0) / 1e9));
        }
        removeStaleImages(out, images);
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("Java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        machine.put("Cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        machine.put("BLAS", Gemm.implementation() + (Gemm.isNative() ? " (native)" : " (pure Java)"));
        machine.put("Operating system", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        machine.put("Run time", String.format(Locale.ROOT, "%.0f s (sections %s)", (System.nanoTime() - start) / 1e9,
                String.join(", ", timings)));
        page.footer(new Provenance(commandLine, ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), machine));
        return page.write(out);
    }

    /** Loads Fashion-MNIST from {@code dir}; empty, with the loader's message saying how to install it, when absent. */
    public static Optional<FashionMnist> tryLoad(Path dir, String[] missingNote) {
        try {
            return Optional.of(FashionMnist.load(Optional.of(dir)));
        } catch (InvalidInputException e) {
            missingNote[0] = e.getMessage();
            return Optional.empty();
        }
    }

    /** Deletes pictures an earlier report left in {@code img/} (named like ours) that this page does not show. */
    private static void removeStaleImages(Path out, Set<String> current) throws IOException {
        try (Stream<Path> files = Files.list(out.resolve("img"))) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (name.matches("[1-9]-[a-z0-9-]+\\.png") && !current.contains("img/" + name)) {
                    Files.delete(p);
                }
            }
        }
    }
}
