package io.descent.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The README's {@code ./descent train} command that runs on {@code --spark 'local-cluster[2,1,1024]'}, as the
 * arguments the shell would pass (quotes removed, continuation lines joined), so that the tests run exactly what
 * the README shows.
 */
final class ReadmeCommand {
    private ReadmeCommand() {
    }

    /**
     * The command's arguments after {@code ./descent}, with its {@code --spark} master replaced by {@code master}
     * and {@code --save model} added (the README's command saves to model.safetensors in the working directory).
     */
    static String[] withMaster(String master, Path model) throws IOException {
        String text = Files.readString(Path.of("..", "README.md")).replace("\\\n", " ");
        for (String line : text.lines().toList()) {
            if (line.startsWith("./descent train ") && line.contains("--spark 'local-cluster[2,1,1024]'")) {
                List<String> args = words(line.substring("./descent ".length()));
                int at = args.indexOf("--spark");
                args.set(at + 1, master);
                args.addAll(List.of("--save", model.toString()));
                return args.toArray(String[]::new);
            }
        }
        throw new IllegalStateException("README.md shows no ./descent train command on local-cluster[2,1,1024]");
    }

    /** A shell's words: single quotes keep spaces, nothing else is special. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : line.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    words.add(w.toString());
                    w.setLength(0);
                    any = false;
                }
            } else {
                w.append(c);
                any = true;
            }
        }
        if (any) {
            words.add(w.toString());
        }
        return words;
    }
}
