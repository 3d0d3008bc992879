package io.descent.report;

import java.util.List;

/**
 * One part of a report: a heading, one sentence saying what was measured, the images that show it and a table
 * of the numbers.
 *
 * <pre>{@code
 * new Section("Optimizers on Beale's function",
 *         "Paths of six optimizers from (1, 1.5) for 500 steps, learning rates tuned per method.",
 *         List.of("beale.svg", "beale-loss.svg"),
 *         Table.of("optimizer", "f after 500 steps").row("adam", 1.2e-6));
 * }</pre>
 *
 * @param heading  the section's title
 * @param measured one sentence saying what was measured and how
 * @param images   paths of image files relative to the report directory, {@code /}-separated
 * @param table    the numbers, or null for none
 */
public record Section(String heading, String measured, List<String> images, Table table) {

    /** Checks the texts are non-blank, the paths relative and inside the report, and something is shown. */
    public Section {
        LineChart.requireText(heading, "section heading");
        LineChart.requireText(measured, "what section '" + heading + "' measured");
        images = List.copyOf(images);
        for (String image : images) {
            checkRelative(heading, image);
        }
        if (images.isEmpty() && (table == null || table.rows().isEmpty())) {
            throw new IllegalArgumentException("section '" + heading + "' has neither images nor table rows to show");
        }
    }

    /** A section with images and no table. */
    public Section(String heading, String measured, List<String> images) {
        this(heading, measured, images, null);
    }

    private static void checkRelative(String heading, String image) {
        boolean ok = !image.isBlank() && !image.startsWith("/") && !image.contains("\\") && !image.contains(":")
                && !image.contains("?") && !image.contains("#");
        for (String part : image.split("/", -1)) {
            ok &= !part.isEmpty() && !part.equals(".") && !part.equals("..");
        }
        if (!ok) {
            throw new IllegalArgumentException("image '" + image + "' of section '" + heading + "' must be a plain "
                    + "relative path inside the report directory, like 'charts/loss.svg'");
        }
    }
}
