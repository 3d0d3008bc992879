package io.descent.cli;

import io.descent.io.DiskFaults;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A directory on a full or a read-only disk, for fault-injection tests. Where the test may mount file systems
 * (root, mount(8) allowed) it is a real small tmpfs, filled up or remounted read-only, so the failures come from
 * the kernel (ENOSPC, EROFS); elsewhere the same directory gets the failures from the {@link DiskFaults} seam. Either
 * way the test asserts the same things: it never skips.
 */
final class FaultyDisk implements AutoCloseable {
    final Path dir;
    /** True when the kernel gives the failures, false when the seam does. */
    final boolean mounted;

    private FaultyDisk(Path dir, boolean mounted) {
        this.dir = dir;
        this.mounted = mounted;
    }

    /**
     * A full disk at {@code dir} (created, empty), holding {@code oldFile} with {@code oldContent} if not null:
     * the file a failed write must leave whole.
     */
    static FaultyDisk full(Path dir, String oldFile, String oldContent) throws IOException {
        return full(dir, oldFile, oldContent, false);
    }

    /** As {@link #full(Path, String, String)}; with {@code seam}, the seam's failures even where a mount works. */
    static FaultyDisk full(Path dir, String oldFile, String oldContent, boolean seam) throws IOException {
        Files.createDirectories(dir);
        boolean mounted = !seam && mount(dir);
        if (oldFile != null) {
            Files.writeString(dir.resolve(oldFile), oldContent);
        }
        if (mounted) {
            fill(dir.resolve(".filler"));
        } else {
            DiskFaults.inject(dir, DiskFaults.Fault.FULL);
        }
        return new FaultyDisk(dir, mounted);
    }

    /** A read-only disk at {@code dir}, holding {@code oldFile} as {@link #full} does. */
    static FaultyDisk readOnly(Path dir, String oldFile, String oldContent) throws IOException {
        return readOnly(dir, oldFile, oldContent, false);
    }

    /** As {@link #readOnly(Path, String, String)}; with {@code seam}, the seam's failures even where a mount works. */
    static FaultyDisk readOnly(Path dir, String oldFile, String oldContent, boolean seam) throws IOException {
        Files.createDirectories(dir);
        boolean mounted = !seam && mount(dir);
        if (oldFile != null) {
            Files.writeString(dir.resolve(oldFile), oldContent);
        }
        if (mounted && !run("mount", "-o", "remount,ro", dir.toString())) {
            run("umount", dir.toString());
            mounted = false;
        }
        if (!mounted) {
            DiskFaults.inject(dir, DiskFaults.Fault.READ_ONLY);
        }
        return new FaultyDisk(dir, mounted);
    }

    /** The names in the directory, but the filler that fills a mounted disk. */
    java.util.List<String> names() throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(".filler")).sorted().toList();
        }
    }

    @Override
    public void close() {
        DiskFaults.clear();
        if (mounted && !run("umount", dir.toString())) {
            run("umount", "-l", dir.toString());
        }
    }

    private static boolean mount(Path dir) {
        return run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", dir.toString());
    }

    /** Writes until the disk says it is full. */
    private static void fill(Path filler) throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (int i = 0; i < 1 << 20; i++) {
                out.write(block);
                out.flush();
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
            return;
        }
        throw new IllegalStateException("a 256 KiB tmpfs took 4 GiB: not full");
    }

    private static boolean run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(
                    ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false; // no mount(8) here
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
