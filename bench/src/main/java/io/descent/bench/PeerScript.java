package io.descent.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A peer's script, which travels inside the benchmark jar ({@code bench/peers}), copied out to run it. */
public final class PeerScript {
    private PeerScript() {
    }

    /** Copies {@code peers/NAME} out of the class path into a temporary directory removed at exit. */
    public static Path extract(String name) throws IOException {
        try (InputStream in = PeerScript.class.getResourceAsStream("peers/" + name)) {
            if (in == null) {
                throw new IOException("the peer script " + name + " is not on the class path");
            }
            Path dir = Files.createTempDirectory("descent-bench");
            dir.toFile().deleteOnExit();
            Path script = dir.resolve(name);
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            script.toFile().deleteOnExit();
            return script;
        }
    }
}
