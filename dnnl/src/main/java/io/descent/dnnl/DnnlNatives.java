package io.descent.dnnl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;

/**
 * Loads oneDNN's native libraries from the {@code org.bytedeco:dnnl} platform jar, extracted once into a cache
 * directory and reused by every later start (time to first use stays a few hundred milliseconds: mapping the
 * 90 MB library, no copy).
 *
 * <p>Why not JavaCPP's own {@code Loader}: the dnnl presets inherit the OpenCL presets, and the Loader then
 * insists on OpenCL's JNI library, whose platform jar Maven Central does not serve with 1.5.13. The CPU
 * libraries need none of it ({@code libjnidnnl.so} links only {@code libdnnl.so.3}, which links only
 * {@code libgomp.so.1}, and it carries JavaCPP's own JNI functions), so they are loaded here, in dependency order,
 * with the Loader told to load nothing while the preset classes initialize.
 */
final class DnnlNatives {
    /** Bumped with the dnnl artifact, so that a cache of another version is never mistaken for this one. */
    static final String VERSION = "3.11-1.5.13";
    private static final String RESOURCE_DIR = "/org/bytedeco/dnnl/linux-x86_64/";
    /** In the order the dynamic linker needs them: each library's dependencies already loaded. */
    private static final String[] LIBRARIES = {"libgomp.so.1", "libdnnl.so.3", "libjnidnnl.so"};
    private static final String LOAD_PROPERTY = "org.bytedeco.javacpp.loadLibraries";

    private DnnlNatives() {
    }

    /** Extracts (first time only) and loads the libraries, then initializes the preset classes against them. */
    static synchronized void load() throws IOException {
        Path dir = cacheDir();
        for (String library : LIBRARIES) {
            System.load(extracted(dir, library).toString());
        }
        String before = System.getProperty(LOAD_PROPERTY);
        System.setProperty(LOAD_PROPERTY, "false");
        try {
            // every JavaCPP class this module touches runs Loader.load() in its static initializer: each is
            // initialized here, by a first use, while the Loader is told to load nothing
            new org.bytedeco.javacpp.FloatPointer(1).close();      // Pointer, FloatPointer
            org.bytedeco.dnnl.global.dnnl.dnnl_version().major();  // dnnl, dnnl_version_t
            new org.bytedeco.javacpp.PointerPointer<>(1L).close();   // the classes the convolutions use
            new org.bytedeco.javacpp.LongPointer(1L).close();
            new org.bytedeco.javacpp.BytePointer(1L).close();
            new org.bytedeco.dnnl.dnnl_exec_arg_t(1L).close();
        } finally {
            if (before == null) {
                System.clearProperty(LOAD_PROPERTY);
            } else {
                System.setProperty(LOAD_PROPERTY, before);
            }
        }
    }

    /** JavaCPP's cache ({@code ~/.javacpp/cache}, or {@code org.bytedeco.javacpp.cachedir}), else the temp dir. */
    private static Path cacheDir() {
        String configured = System.getProperty("org.bytedeco.javacpp.cachedir");
        Path base = configured != null ? Paths.get(configured)
                : Paths.get(System.getProperty("user.home"), ".javacpp", "cache");
        Path dir = base.resolve("descent-dnnl-" + VERSION);
        try {
            Files.createDirectories(dir);
            if (Files.isWritable(dir)) {
                return dir;
            }
        } catch (IOException | SecurityException e) {
            // an unwritable home: the temp dir below
        }
        return Paths.get(System.getProperty("java.io.tmpdir"), "descent-dnnl-" + VERSION + "-"
                + System.getProperty("user.name"));
    }

    /**
     * The library in the cache, extracted when it is missing or of another size than the jar's copy (a run killed
     * mid-extraction leaves only a temp file: written beside it, then renamed into place).
     */
    static Path extracted(Path dir, String library) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(library);
        long size = resourceSize(library);
        if (Files.isRegularFile(target) && Files.size(target) == size) {
            return target;
        }
        Path temp = Files.createTempFile(dir, library, ".part");
        try (InputStream in = open(library)) {
            Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }

    private static long resourceSize(String library) throws IOException {
        java.net.URL url = DnnlNatives.class.getResource(RESOURCE_DIR + library);
        if (url == null) {
            throw new IOException("oneDNN: " + RESOURCE_DIR + library + " is not on the class path"
                    + " (the org.bytedeco:dnnl linux-x86_64 jar)");
        }
        return url.openConnection().getContentLengthLong();
    }

    private static InputStream open(String library) throws IOException {
        InputStream in = DnnlNatives.class.getResourceAsStream(RESOURCE_DIR + library);
        if (in == null) {
            throw new IOException("oneDNN: " + RESOURCE_DIR + library + " is not on the class path");
        }
        return in;
    }
}
