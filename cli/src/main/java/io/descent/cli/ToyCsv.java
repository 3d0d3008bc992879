package io.descent.cli;

import io.descent.io.OutputFile;
import io.descent.objective.Trajectory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The toy paths as CSV: {@code optimizer,step,x,y,f}, doubles as their shortest exact decimal, written by
 * {@link OutputFile} (a whole file, or a device straight through).
 */
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
        OutputFile.writeString(file, format(paths));
    }

    /** Specs hold commas: quote as RFC 4180 does. */
    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
