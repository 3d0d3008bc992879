package io.descent.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The sections of a written report page, read back from its HTML: heading, sentence, images and table cells. */
public record ReportPage(String html, List<Part> sections) {
    public record Part(String heading, String measured, List<String> images, List<String> header, List<List<String>> rows) {
        /** The row whose first cell starts with {@code prefix}. */
        public List<String> row(String prefix) {
            return rows.stream().filter(r -> r.get(0).startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new AssertionError("no row '" + prefix + "' in " + heading + ": " + rows));
        }

        public String cell(String rowPrefix, String column) {
            int c = header.indexOf(column);
            if (c < 0) {
                throw new AssertionError("no column '" + column + "' in " + heading + ": " + header);
            }
            return row(rowPrefix).get(c);
        }
    }

    private static final Pattern SECTION = Pattern.compile("<section id=\"[^\"]*\">\\s*<h2>(.*?)</h2>\\s*"
            + "<p class=\"measured\">(.*?)</p>(.*?)</section>", Pattern.DOTALL);
    private static final Pattern IMAGE = Pattern.compile("<img src=\"([^\"]+)\"");
    private static final Pattern ROW = Pattern.compile("<tr>(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile("<t[hd][^>]*>(.*?)</t[hd]>", Pattern.DOTALL);

    public static ReportPage read(Path page) throws IOException {
        String html = Files.readString(page);
        List<Part> parts = new ArrayList<>();
        Matcher s = SECTION.matcher(html);
        while (s.find()) {
            List<String> images = new ArrayList<>();
            Matcher i = IMAGE.matcher(s.group(3));
            while (i.find()) {
                images.add(unescape(i.group(1)));
            }
            List<List<String>> rows = new ArrayList<>();
            Matcher r = ROW.matcher(s.group(3));
            while (r.find()) {
                List<String> cells = new ArrayList<>();
                Matcher c = CELL.matcher(r.group(1));
                while (c.find()) {
                    cells.add(unescape(c.group(1)));
                }
                rows.add(cells);
            }
            parts.add(new Part(unescape(s.group(1)), unescape(s.group(2)), images,
                    rows.isEmpty() ? List.of() : rows.get(0), rows.isEmpty() ? List.of() : rows.subList(1, rows.size())));
        }
        return new ReportPage(html, parts);
    }

    public Part section(String headingStart) {
        return sections.stream().filter(p -> p.heading().startsWith(headingStart)).findFirst()
                .orElseThrow(() -> new AssertionError("no section '" + headingStart + "'"));
    }

    private static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }
}
