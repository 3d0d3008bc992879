package io.descent.cli;

import io.descent.objective.Trajectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** The toy paths as CSV: {@code optimizer,step,x,y,f}, doubles as their shortest exact decimal, written atomically. */
final class ToyCsv {
    static final String HEADER = "optimizer,step,x,y,f";

    private ToyCsv() {
    }

    static String format(List<Trajectory> paths) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Trajectory t : paths) {
            String name = quote(t.method());
            for (int i = 0; i < t.points().size(); i++) {
                double[] p = t.points().get(i);
                sb.append(name).append(',').append(i).append(',').append(p[0]).append(',').append(p[1]).append(',')
                        .append(t.values()[i]).append('\n');
            }
        }
        return sb.toString();
    }

    static void write(Path file, List<Trajectory> paths) throws IOException {
        Path target = file.toAbsolutePath();
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, format(paths), StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Specs hold commas: quote as RFC 4180 does. */
    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
