package io.descent.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * The process's standard output, remembering why a write failed. {@link PrintStream} and
 * {@link java.io.PrintWriter} swallow write errors and keep only a flag ({@code checkError()}), so
 * {@code descent predict > /dev/full} would exit 0 having written nothing; {@link Descent} asks this at the
 * end and reports the reason ("No space left on device") with status 1.
 */
final class StandardOutput extends OutputStream {
    private final OutputStream out;
    private volatile IOException failure;

    private StandardOutput(OutputStream out) {
        this.out = out;
    }

    /** Makes {@link System#out} write through a new instance, which it returns. */
    static StandardOutput install() {
        StandardOutput s = new StandardOutput(new FileOutputStream(FileDescriptor.out));
        System.setOut(new PrintStream(new BufferedOutputStream(s, 8192), true, charset()));
        return s;
    }

    /** The first write error, or null. */
    IOException failure() {
        return failure;
    }

    /** The charset Java 17 gives {@link System#out}: the console's, else the default. */
    private static Charset charset() {
        String name = System.getProperty("sun.stdout.encoding");
        try {
            return name != null ? Charset.forName(name) : Charset.defaultCharset();
        } catch (IllegalArgumentException e) {
            return Charset.defaultCharset();
        }
    }

    @Override
    public void write(int b) throws IOException {
        try {
            out.write(b);
        } catch (IOException e) {
            throw remember(e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw remember(e);
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            throw remember(e);
        }
    }

    private IOException remember(IOException e) {
        if (failure == null) {
            failure = e;
        }
        return e;
    }
}
