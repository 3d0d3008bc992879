package io.descent.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/** Checks on saved charts shared by the chart tests. */
final class Pictures {
    private Pictures() {
    }

    /** Saves {@code chart} as PNG, decodes it and checks size and that it is more than a blank page. */
    static BufferedImage savedPng(Chart chart, Path dir, int width, int height) throws IOException {
        Path file = dir.resolve("chart.png");
        Charts.save(chart, file, width, height);
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image).as("PNG decodes").isNotNull();
        assertThat(image.getWidth()).isEqualTo(width);
        assertThat(image.getHeight()).isEqualTo(height);
        assertThat(distinctColors(image)).as("distinct colours in the image").isGreaterThan(2);
        return image;
    }

    /** Saves {@code chart} as SVG and parses it as XML, checking the root element is {@code <svg>}. */
    static Document savedSvg(Chart chart, Path dir) throws Exception {
        Path file = dir.resolve("chart.svg");
        Charts.save(chart, file, 800, 600);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = f.newDocumentBuilder().parse(Files.newInputStream(file));
        assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("svg");
        return doc;
    }

    static int distinctColors(BufferedImage image) {
        Set<Integer> colors = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                colors.add(image.getRGB(x, y));
            }
        }
        return colors.size();
    }

    /** How many pixels are close to {@code rgb} (each channel within 24). */
    static int pixelsNear(BufferedImage image, int rgb) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                if (near(p >> 16, rgb >> 16) && near(p >> 8, rgb >> 8) && near(p, rgb)) {
                    n++;
                }
            }
        }
        return n;
    }

    private static boolean near(int a, int b) {
        return Math.abs((a & 0xFF) - (b & 0xFF)) <= 24;
    }

    /** Text of all {@code <text>} elements of an SVG document, joined by newlines. */
    static String texts(Document doc) {
        StringBuilder b = new StringBuilder();
        var nodes = doc.getElementsByTagNameNS("*", "text");
        for (int k = 0; k < nodes.getLength(); k++) {
            b.append(nodes.item(k).getTextContent()).append('\n');
        }
        return b.toString();
    }

    /** Number of {@code <path>} elements drawn with the given stroke colour. */
    static int pathsStroked(Document doc, java.awt.Color c) {
        String rgb = String.format("rgb(%d,%d,%d)", c.getRed(), c.getGreen(), c.getBlue());
        String hex = String.format("#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
        var nodes = doc.getElementsByTagNameNS("*", "path");
        int n = 0;
        for (int k = 0; k < nodes.getLength(); k++) {
            var e = (org.w3c.dom.Element) nodes.item(k);
            // JFreeSVG puts the stroke on a <g> around the path.
            var parent = (org.w3c.dom.Element) e.getParentNode();
            String style = (e.getAttribute("style") + ";" + parent.getAttribute("style")).replace(" ", "").toLowerCase();
            if (style.contains(rgb) || style.contains(hex)) {
                n++;
            }
        }
        return n;
    }
}
