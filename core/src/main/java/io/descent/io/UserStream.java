package io.descent.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * The stream an {@link OutputFile.Content} writes to: its failures name the user's path rather than a temporary
 * file or a descriptor, and closing it only flushes, since {@link OutputFile} closes (and renames) the file itself.
 */
final class UserStream extends OutputStream {
    private final OutputStream out;
    private final Path user;
    /** Where the bytes land (a temporary file, a device), or null for a standard stream. */
    private final Path file;

    UserStream(OutputStream out, Path user, Path file) {
        this.out = out;
        this.user = user;
        this.file = file;
    }

    @Override
    public void write(int b) throws IOException {
        try {
            faults();
            out.write(b);
        } catch (IOException e) {
            throw OutputFile.named(user, e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            faults();
            out.write(b, off, len);
        } catch (IOException e) {
            throw OutputFile.named(user, e);
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            throw OutputFile.named(user, e);
        }
    }

    private void faults() throws IOException {
        if (file != null) {
            DiskFaults.beforeWrite(file);
        }
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
