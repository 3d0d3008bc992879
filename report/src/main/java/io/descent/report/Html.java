package io.descent.report;

import java.nio.charset.StandardCharsets;

/** Escaping for HTML text and attributes, and percent-encoding for relative URLs. */
final class Html {
    private Html() {
    }

    /** {@code s} with {@code & < > " '} replaced by character references: safe in text and in quoted attributes. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * A relative path ({@code /}-separated) as a URL path: every byte outside the unreserved set of RFC 3986 in
     * each segment is percent-encoded, so a space or a {@code #} in a file name cannot break the link.
     */
    static String urlPath(String relative) {
        StringBuilder b = new StringBuilder();
        for (byte c : relative.getBytes(StandardCharsets.UTF_8)) {
            boolean keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
            if (keep) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return b.toString();
    }
}
