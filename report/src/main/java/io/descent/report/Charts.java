package io.descent.report;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * Saves charts as PNG or SVG, chosen by the file name's extension, written atomically (a temporary file in
 * the same directory, then a rename), so a report directory never holds half an image.
 *
 * <pre>{@code
 * Charts.save(chart, Path.of("report/beale.png"), 800, 600);
 * Charts.save(chart, Path.of("report/beale.svg"), 800, 600);   // text stays text, lines stay vectors
 * }</pre>
 *
 * <p>Drawing uses Java2D; on a machine without a display run with {@code -Djava.awt.headless=true}.
 */
public final class Charts {
    /** Smallest and largest accepted width or height, in pixels. */
    public static final int MIN_SIZE = 50;
    public static final int MAX_SIZE = 10_000;

    private Charts() {
    }

    /**
     * Draws {@code chart} at {@code width x height} pixels into {@code file}: PNG for a name ending in
     * ".png", SVG for ".svg" (case ignored). Creates the directory if needed and replaces an existing file.
     *
     * @throws IllegalArgumentException for another extension or a size outside [{@value #MIN_SIZE},
     *                                  {@value #MAX_SIZE}]
     */
    public static void save(Chart chart, Path file, int width, int height) throws IOException {
        if (width < MIN_SIZE || width > MAX_SIZE || height < MIN_SIZE || height > MAX_SIZE) {
            throw new IllegalArgumentException("chart size " + width + " x " + height + " for " + file
                    + ": width and height must be in [" + MIN_SIZE + ", " + MAX_SIZE + "]");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        JFreeChart drawing = chart.toJFreeChart();
        if (name.endsWith(".png")) {
            BufferedImage image = png(drawing, width, height);
            AtomicFiles.write(file, out -> {
                if (!ImageIO.write(image, "png", out)) {
                    throw new IOException("no PNG writer in this Java runtime");
                }
            });
        } else if (name.endsWith(".svg")) {
            byte[] svg = svg(drawing, width, height).getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(file, out -> out.write(svg));
        } else {
            throw new IllegalArgumentException("cannot tell the image format of " + file
                    + ": the name must end in .png or .svg");
        }
    }

    /** The chart drawn into an RGB image. */
    static BufferedImage png(JFreeChart chart, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = image.createGraphics();
        try {
            hints(g2);
            chart.draw(g2, new Rectangle2D.Double(0, 0, width, height));
        } finally {
            g2.dispose();
        }
        return image;
    }

    /**
     * The chart as an SVG document with a viewBox: coordinates to 1/100 pixel (the default writes every digit of a double and
     * doubles the file), and a fixed prefix for the ids of clip paths so that the same chart gives the same bytes.
     */
    static String svg(JFreeChart chart, int width, int height) {
        SVGGraphics2D g2 = new SVGGraphics2D(width, height);
        g2.setGeomDoubleConverter(Charts::hundredths);
        g2.setDefsKeyPrefix("descent-");
        hints(g2);
        chart.draw(g2, new Rectangle2D.Double(0, 0, width, height));
        // A viewBox lets the image scale with the page (an <img> at width 100% would otherwise crop it).
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + g2.getSVGElement(null, true, new ViewBox(0, 0, width, height), null, null) + "\n";
    }

    /** {@code v} rounded to two decimals, written without exponent or trailing zeros. */
    static String hundredths(double v) {
        if (!Double.isFinite(v) || Math.abs(v) > 1e12) {
            return Double.toString(v);
        }
        long r = Math.round(v * 100);
        String sign = r < 0 ? "-" : "";
        r = Math.abs(r);
        long whole = r / 100;
        long frac = r % 100;
        if (frac == 0) {
            return sign + whole;
        }
        return sign + whole + (frac % 10 == 0 ? "." + frac / 10 : frac < 10 ? ".0" + frac : "." + frac);
    }

    private static void hints(Graphics2D g2) {
        g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g2.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g2.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    }
}
