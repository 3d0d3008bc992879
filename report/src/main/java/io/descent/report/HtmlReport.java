package io.descent.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A static, self-contained HTML page ({@code index.html}) that shows a report's sections: headings, what was
 * measured, the charts and tables, and a footer saying how the page was made. No JavaScript and no external
 * resources: the page opens from disk, offline, years later. All text from the caller is HTML-escaped.
 *
 * <pre>{@code
 * HtmlReport page = new HtmlReport("Descent: optimizers of deep learning")
 *         .intro("Each section reruns one experiment of the lecture.")
 *         .add(new Section("Losses of the margin", "The square, log and hinge losses for margins in [-3, 3].",
 *                 List.of("margin.svg")))
 *         .footer(new Provenance("descent report", "2025-11-28", Map.of("cores", "2")));
 * page.write(Path.of("report"));   // report/index.html; fails if margin.svg is not in report/
 * }</pre>
 */
public final class HtmlReport {
    /** The page's file name inside the report directory. */
    public static final String FILE_NAME = "index.html";

    private final String title;
    private final List<String> intro = new ArrayList<>();
    private final List<Section> sections = new ArrayList<>();
    private Section opening;
    private Provenance provenance;

    public HtmlReport(String title) {
        this.title = LineChart.requireText(title, "report title");
    }

    /** Adds a paragraph under the title. */
    public HtmlReport intro(String paragraph) {
        intro.add(LineChart.requireText(paragraph, "intro paragraph"));
        return this;
    }

    /** Adds a section after those added before. */
    public HtmlReport add(Section section) {
        if (section == null) {
            throw new IllegalArgumentException("report '" + title + "': section must not be null");
        }
        sections.add(section);
        return this;
    }

    /**
     * Sets the part that opens the page, under the title and before the sections (the lecture report's claims
     * table). It is not one of the numbered sections: it has its own anchor, {@code #claims}, and no entry in
     * their list.
     */
    public HtmlReport opening(Section section) {
        this.opening = section;
        return this;
    }

    /** Sets the "how this was made" footer. */
    public HtmlReport footer(Provenance p) {
        this.provenance = p;
        return this;
    }

    /** The images the sections refer to that are not regular files in {@code dir}, in page order. */
    public List<String> missingImages(Path dir) {
        List<String> missing = new ArrayList<>();
        List<Section> all = new ArrayList<>(sections);
        if (opening != null) {
            all.add(0, opening);
        }
        for (Section s : all) {
            for (String image : s.images()) {
                if (!Files.isRegularFile(dir.resolve(image)) && !missing.contains(image)) {
                    missing.add(image);
                }
            }
        }
        return missing;
    }

    /**
     * Writes {@code dir/index.html} atomically, replacing an old one.
     *
     * @return the page's path
     * @throws IllegalStateException if a section refers to an image that is not in {@code dir}
     */
    public Path write(Path dir) throws IOException {
        List<String> missing = missingImages(dir);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("report '" + title + "' refers to images that are not in " + dir + ": "
                    + String.join(", ", missing));
        }
        Path page = dir.resolve(FILE_NAME);
        byte[] html = render().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(page, out -> out.write(html));
        return page;
    }

    /** The page's HTML text. */
    public String render() {
        StringBuilder b = new StringBuilder(8192);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Html.escape(title)).append("</title>\n")
                .append("<style>\n").append(ReportCss.CSS).append("</style>\n</head>\n<body>\n<main>\n<header>\n")
                .append("<h1>").append(Html.escape(title)).append("</h1>\n");
        for (String p : intro) {
            b.append("<p class=\"intro\">").append(Html.escape(p)).append("</p>\n");
        }
        List<String> ids = ids();
        if (sections.size() > 1) {
            b.append("<nav><ol>\n");
            for (int k = 0; k < sections.size(); k++) {
                b.append("<li><a href=\"#").append(ids.get(k)).append("\">")
                        .append(Html.escape(sections.get(k).heading())).append("</a></li>\n");
            }
            b.append("</ol></nav>\n");
        }
        b.append("</header>\n");
        if (opening != null) {
            section(b, opening, "claims", " class=\"opening\"");
        }
        for (int k = 0; k < sections.size(); k++) {
            section(b, sections.get(k), ids.get(k), "");
        }
        if (provenance != null) {
            footer(b, provenance);
        }
        return b.append("</main>\n</body>\n</html>\n").toString();
    }

    private static void section(StringBuilder b, Section s, String id, String attributes) {
        b.append("<section").append(attributes).append(" id=\"").append(id).append("\">\n<h2>").append(Html.escape(s.heading())).append("</h2>\n")
                .append("<p class=\"measured\">").append(Html.escape(s.measured())).append("</p>\n");
        if (!s.images().isEmpty()) {
            b.append("<div class=\"figures\">\n");
            for (String image : s.images()) {
                String src = Html.escape(Html.urlPath(image));
                String alt = Html.escape(s.heading() + ": " + image);
                b.append("<figure><a href=\"").append(src).append("\"><img src=\"").append(src)
                        .append("\" alt=\"").append(alt).append("\"></a></figure>\n");
            }
            b.append("</div>\n");
        }
        if (s.table() != null && !s.table().rows().isEmpty()) {
            table(b, s.table());
        }
        b.append("</section>\n");
    }

    private static void table(StringBuilder b, Table t) {
        b.append("<div class=\"table\"><table>\n<thead><tr>");
        for (int c = 0; c < t.header().size(); c++) {
            b.append(t.numericColumn(c) ? "<th class=\"num\">" : "<th>").append(Html.escape(t.header().get(c)))
                    .append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        for (List<Object> row : t.rows()) {
            b.append("<tr>");
            for (Object cell : row) {
                b.append(cell instanceof Number ? "<td class=\"num\">" : "<td>")
                        .append(Html.escape(Table.text(cell))).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table></div>\n");
    }

    private static void footer(StringBuilder b, Provenance p) {
        b.append("<footer>\n<h2>How this was made</h2>\n<dl>\n")
                .append("<dt>Command</dt><dd><code>").append(Html.escape(p.command())).append("</code></dd>\n")
                .append("<dt>Date</dt><dd>").append(Html.escape(p.date())).append("</dd>\n");
        for (Map.Entry<String, String> e : p.machine().entrySet()) {
            b.append("<dt>").append(Html.escape(e.getKey())).append("</dt><dd>").append(Html.escape(e.getValue()))
                    .append("</dd>\n");
        }
        b.append("</dl>\n</footer>\n");
    }

    /** Anchor ids from the headings: lower-case letters, digits and dashes, made unique with a number. */
    private List<String> ids() {
        List<String> ids = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (Section s : sections) {
            String base = s.heading().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
            base = base.isEmpty() ? "section" : base;
            String id = base;
            for (int n = 2; !used.add(id); n++) {
                id = base + "-" + n;
            }
            ids.add(id);
        }
        return ids;
    }
}
