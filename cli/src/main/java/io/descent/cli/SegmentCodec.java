package io.descent.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link TrialCluster}'s requests and results as plain bytes, field by field (no Java serialization: a cluster
 * ships a byte array, and nothing in it can name a class). A version byte leads so that a stale executor fails
 * with a clear message instead of misreading the fields.
 */
public final class SegmentCodec {
    private static final int VERSION = 1;

    private SegmentCodec() {
    }

    public static byte[] encode(TrialCluster.Request r) {
        return write(out -> {
            writeMap(out, r.task());
            out.writeInt(r.trial());
            out.writeUTF(r.optimizer());
            out.writeInt(r.batchSize());
            out.writeUTF(r.model());
            writeMap(out, r.searched());
            out.writeInt(r.fromEpochs());
            out.writeInt(r.toEpochs());
            writeBytes(out, r.checkpoint());
        });
    }

    public static TrialCluster.Request decodeRequest(byte[] bytes) {
        return read(bytes, "request", in -> new TrialCluster.Request(readMap(in), in.readInt(), in.readUTF(),
                in.readInt(), in.readUTF(), readMap(in), in.readInt(), in.readInt(), readBytes(in)));
    }

    public static byte[] encode(TrialCluster.Result r) {
        return write(out -> {
            writeLongString(out, r.historyJson());
            out.writeDouble(r.seconds());
            out.writeBoolean(r.diverged() != null);
            if (r.diverged() != null) {
                writeLongString(out, r.diverged());
            }
            writeBytes(out, r.checkpoint());
        });
    }

    public static TrialCluster.Result decodeResult(byte[] bytes) {
        return read(bytes, "result", in -> new TrialCluster.Result(readLongString(in), in.readDouble(),
                in.readBoolean() ? readLongString(in) : null, readBytes(in)));
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer w) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            w.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] bytes, String what, Reader<T> r) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalStateException("tune segment " + what + ": format version " + version
                        + ", expected " + VERSION + " (driver and executors run different Descent builds)");
            }
            T t = r.read(in);
            if (in.read() != -1) {
                throw new IllegalStateException("tune segment " + what + ": bytes left after its last field");
            }
            return t;
        } catch (IOException e) {
            throw new IllegalStateException("tune segment " + what + ": truncated (" + e.getMessage() + ")", e);
        }
    }

    private static void writeMap(DataOutputStream out, Map<String, String> m) throws IOException {
        out.writeInt(m.size());
        for (Map.Entry<String, String> e : m.entrySet()) {
            out.writeUTF(e.getKey());
            writeLongString(out, e.getValue());
        }
    }

    private static Map<String, String> readMap(DataInputStream in) throws IOException {
        int n = in.readInt();
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put(in.readUTF(), readLongString(in));
        }
        return Map.copyOf(m);
    }

    /** writeUTF stops at 64 KiB; a history's JSON can be longer. */
    private static void writeLongString(DataOutputStream out, String s) throws IOException {
        writeBytes(out, s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String readLongString(DataInputStream in) throws IOException {
        return new String(readBytes(in), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("negative length " + n);
        }
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new java.io.EOFException(n + " bytes announced, " + b.length + " there");
        }
        return b;
    }
}
