package io.descent.io;

import com.fasterxml.jackson.databind.JsonNode;
import io.descent.InvalidInputException;
import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Named tensors in the safetensors layout, so NumPy and PyTorch users read our files and we theirs:
 * <pre>
 *   8 bytes      N, the header length, unsigned little-endian
 *   N bytes      a JSON object: per tensor {"dtype": "F32", "shape": [4, 3], "data_offsets": [begin, end]},
 *                and "__metadata__": a string-to-string map; padded with spaces to a multiple of 8
 *   the rest     the data: each tensor's values, row-major, little-endian, at [begin, end) of this section,
 *                the tensors back to back with no gaps
 * </pre>
 *
 * <p>Descent adds two checksums to the metadata: {@value #HEADER_CRC} (CRC-32 of the header's content: the
 * other metadata and every tensor's name, dtype, shape and offsets) and {@value #TENSOR_CRCS} (one CRC-32 per
 * tensor, in data order, comma-separated), so a changed byte anywhere is detected and named. Files by other
 * programs carry no checksums and are read without them.
 *
 * <p>Reading validates everything (lengths before any allocation, the JSON, every entry, that the tensors tile
 * the data exactly, the checksums) before it returns; a bad file is an {@link InvalidInputException} naming
 * the byte or entry and what was expected, never a partial result. Writing goes to a temporary file in the
 * same directory, forced to disk, then renamed over the target: a crash leaves the old file or the new one.
 *
 * <pre>{@code
 * SafeTensors.write(path, Map.of("w", w), Map.of("note", "hello"));
 * Tensor again = SafeTensors.read(path).tensors().get("w");
 * }</pre>
 */
public final class SafeTensors {
    /** Headers above this are refused before anything is allocated (the reference implementation's limit). */
    public static final long MAX_HEADER_BYTES = 100L << 20;
    /**
     * Tensor entries and metadata keys a header may hold, counted before the header is parsed into a tree: far above
     * any model (a large language model has a few thousand tensors; Descent writes tens of metadata keys).
     */
    public static final int MAX_TENSORS = 100_000;
    public static final int MAX_METADATA_KEYS = 10_000;
    /** The metadata key of the header checksum. */
    public static final String HEADER_CRC = "descent.crc32.header";
    /** The metadata key of the per-tensor checksums. */
    public static final String TENSOR_CRCS = "descent.crc32.tensors";
    /** Metadata keys with this prefix mark a file as Descent's, which must then carry its checksums. */
    public static final String DESCENT_PREFIX = "descent.";
    static final String METADATA = "__metadata__";

    private SafeTensors() {
    }

    /**
     * What a file holds: tensors by name in data order, and the metadata (checksums removed); {@code widened} names
     * the tensors stored in another type than they were read into (F16, BF16, I64) with that type.
     */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata, Map<String, String> widened) {
        public Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
            this(tensors, metadata, Map.of());
        }
    }

    /** One tensor's entry in the header. */
    record Entry(String name, StoredType type, int[] shape, long begin, long end) {
        int size() {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes {@code tensors} (in map order) with {@code metadata}, atomically.
     *
     * @throws IllegalArgumentException for an empty name, the name {@value #METADATA}, or metadata keys that
     *                                  Descent reserves for its checksums
     */
    public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        write(path, tensors, metadata, name -> false);
    }

    /**
     * Writes as {@link #write(Path, Map, Map)}, the tensors whose names {@code int64} accepts as I64 (counts, as
     * PyTorch stores {@code num_batches_tracked}); their values must be integers of magnitude below 2^53.
     */
    public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata,
            java.util.function.Predicate<String> int64) throws IOException {
        for (String key : metadata.keySet()) {
            if (key.startsWith("descent.crc32")) {
                throw new IllegalArgumentException("metadata key " + key + " is reserved for Descent's checksums");
            }
        }
        List<Entry> entries = new ArrayList<>();
        List<byte[]> data = new ArrayList<>();
        List<String> crcs = new ArrayList<>();
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            if (name.isEmpty() || name.equals(METADATA)) {
                throw new IllegalArgumentException("tensor name '" + name + "' cannot be stored");
            }
            Tensor t = e.getValue();
            StoredType type = int64.test(name) ? StoredType.I64 : StoredType.of(t.dtype());
            byte[] bytes = type == StoredType.I64 ? toLongBytes(name, t) : toBytes(t);
            entries.add(new Entry(name, type, t.shape().dims(), offset, offset + bytes.length));
            data.add(bytes);
            crcs.add(crc(bytes));
            offset += bytes.length;
        }
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put(HEADER_CRC, headerChecksum(metadata, entries));
        meta.put(TENSOR_CRCS, String.join(",", crcs));
        byte[] header = SafeTensorsHeader.encode(meta, entries);
        writeAtomically(path, header, data);
    }

    private static byte[] toBytes(Tensor t) {
        ByteBuffer b = ByteBuffer.allocate(t.size() * t.dtype().bytes()).order(ByteOrder.LITTLE_ENDIAN);
        if (t.dtype() == DType.FLOAT32) {
            b.asFloatBuffer().put(t.floats(), t.offset(), t.size());
        } else {
            b.asDoubleBuffer().put(t.doubles(), t.offset(), t.size());
        }
        return b.array();
    }

    private static byte[] toLongBytes(String name, Tensor t) {
        ByteBuffer b = ByteBuffer.allocate(t.size() * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < t.size(); i++) {
            double v = t.getFlat(i);
            if (v != Math.rint(v) || Math.abs(v) >= StoredType.EXACT_IN_DOUBLE) {
                throw new IllegalArgumentException("tensor '" + name + "' element " + i + " = " + v
                        + " cannot be stored as I64: an integer of magnitude below 2^53 was expected");
            }
            b.putLong(8 * i, (long) v);
        }
        return b.array();
    }

    /** The file as {@link OutputFile} writes it: a crash or a failed write never leaves half a model. */
    private static void writeAtomically(Path path, byte[] header, List<byte[]> data) throws IOException {
        OutputFile.write(path, out -> {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length).array());
            out.write(header);
            for (byte[] d : data) {
                out.write(d);
            }
        });
    }

    // ---------------------------------------------------------------- reading

    /** Reads and validates a whole file; see the class comment for what is checked. */
    public static Contents read(Path path) throws IOException {
        String file = path.toString();
        if (Files.exists(path)) { // a missing file: the open below says so; a fifo would block it for ever
            InputFile.requireRegular(file, path, "a safetensors file");
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new InvalidInputException(file, "byte 0", "the file has " + size + " bytes, fewer than the 8 of "
                        + "the header length: truncated, or not a safetensors file");
            }
            long headerLength = readFully(ch, file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            if (headerLength < 2 || headerLength > MAX_HEADER_BYTES) {
                throw new InvalidInputException(file, "byte 0", "the header length is " + Long.toUnsignedString(headerLength)
                        + " bytes; a safetensors header has 2 to " + MAX_HEADER_BYTES + ": corrupt, or not a safetensors file");
            }
            if (8 + headerLength > size) {
                throw new InvalidInputException(file, "byte 0", "the header length " + headerLength + " runs past the "
                        + "end of the file (" + size + " bytes): truncated");
            }
            byte[] headerBytes = readFully(ch, file, 8, (int) headerLength).array();
            JsonNode root = SafeTensorsHeader.parse(file, headerBytes);
            Map<String, String> metadata = SafeTensorsHeader.metadata(file, root);
            List<Entry> entries = SafeTensorsHeader.entries(file, root);
            long dataStart = 8 + headerLength;
            long dataLength = size - dataStart;
            SafeTensorsHeader.checkTiling(file, entries, dataLength);
            if (dataLength > Integer.MAX_VALUE - 8) {
                throw new InvalidInputException(file, "byte " + dataStart, "the data section has " + dataLength
                        + " bytes; Descent reads files of up to 2 GiB of data");
            }
            byte[] data = readFully(ch, file, dataStart, (int) dataLength).array();
            verifyChecksums(file, metadata, entries, data, dataStart);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            Map<String, String> widened = new LinkedHashMap<>();
            for (Entry e : entries) {
                tensors.put(e.name(), fromBytes(file, e, data));
                if (e.type() != StoredType.F32 && e.type() != StoredType.F64) {
                    widened.put(e.name(), e.type().safetensorsName());
                }
            }
            metadata.remove(HEADER_CRC);
            metadata.remove(TENSOR_CRCS);
            return new Contents(Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata),
                    Collections.unmodifiableMap(widened));
        }
    }

    private static ByteBuffer readFully(FileChannel ch, String file, long at, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) {
                throw new InvalidInputException(file, "byte " + (at + b.position()), "the file ended early: truncated "
                        + "while being read");
            }
        }
        return b.flip();
    }

    private static Tensor fromBytes(String file, Entry e, byte[] data) {
        ByteBuffer b = ByteBuffer.wrap(data, (int) e.begin(), (int) (e.end() - e.begin())).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
        if (e.type() == StoredType.F16 || e.type() == StoredType.BF16) {
            float[] f = new float[e.size()];
            e.type().readFloats(b, f);
            return Tensor.wrap(f, e.shape());
        }
        if (e.type() == StoredType.I64) {
            double[] d = new double[e.size()];
            for (int i = 0; i < d.length; i++) {
                long v = b.getLong(8 * i);
                if (v >= StoredType.EXACT_IN_DOUBLE || v <= -StoredType.EXACT_IN_DOUBLE) {
                    throw new InvalidInputException(file, "tensor '" + e.name() + "', element " + i, "the I64 value "
                            + v + " is beyond 2^53, where Descent's float64 would round it");
                }
                d[i] = v;
            }
            return Tensor.wrap(d, e.shape());
        }
        if (e.type() == StoredType.F32) {
            float[] f = new float[e.size()];
            b.asFloatBuffer().get(f);
            return Tensor.wrap(f, e.shape());
        }
        double[] d = new double[e.size()];
        b.asDoubleBuffer().get(d);
        return Tensor.wrap(d, e.shape());
    }

    // ---------------------------------------------------------------- checksums

    private static void verifyChecksums(String file, Map<String, String> metadata, List<Entry> entries, byte[] data,
            long dataStart) {
        boolean ours = metadata.keySet().stream().anyMatch(k -> k.startsWith(DESCENT_PREFIX));
        if (!ours) {
            return; // written by another program: nothing to verify against
        }
        for (String key : List.of(HEADER_CRC, TENSOR_CRCS)) {
            if (!metadata.containsKey(key)) {
                throw new InvalidInputException(file, METADATA, "a Descent file must carry the checksum '" + key
                        + "' and this one does not: the header was changed");
            }
        }
        Map<String, String> rest = new LinkedHashMap<>(metadata);
        rest.remove(HEADER_CRC);
        rest.remove(TENSOR_CRCS);
        String expected = headerChecksum(rest, entries);
        if (!expected.equals(metadata.get(HEADER_CRC))) {
            throw new InvalidInputException(file, "header (bytes 8 to " + dataStart + ")", "the header does not match "
                    + "its checksum (" + metadata.get(HEADER_CRC) + " recorded, " + expected + " computed): a byte of "
                    + "the header was changed");
        }
        String[] crcs = metadata.get(TENSOR_CRCS).isEmpty() ? new String[0] : metadata.get(TENSOR_CRCS).split(",", -1);
        if (crcs.length != entries.size()) {
            throw new InvalidInputException(file, METADATA + " '" + TENSOR_CRCS + "'", "has " + crcs.length
                    + " checksums for " + entries.size() + " tensors");
        }
        for (int i = 0; i < crcs.length; i++) {
            Entry e = entries.get(i);
            String actual = crc(data, (int) e.begin(), (int) (e.end() - e.begin()));
            if (!actual.equals(crcs[i])) {
                throw new InvalidInputException(file, "tensor '" + e.name() + "', bytes " + (dataStart + e.begin())
                        + " to " + (dataStart + e.end()), "the data does not match its checksum (" + crcs[i]
                        + " recorded, " + actual + " computed): a byte of the data was changed");
            }
        }
    }

    /** CRC-32 over the metadata (sorted by key) and every entry, each field followed by a zero byte. */
    private static String headerChecksum(Map<String, String> metadata, List<Entry> entries) {
        StringBuilder sb = new StringBuilder();
        metadata.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> sb.append(e.getKey()).append('\0').append(e.getValue()).append('\0'));
        for (Entry e : entries) {
            sb.append(e.name()).append('\0').append(e.type().safetensorsName()).append('\0')
                    .append(java.util.Arrays.toString(e.shape())).append('\0')
                    .append(e.begin()).append('\0').append(e.end()).append('\0');
        }
        return crc(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String crc(byte[] b) {
        return crc(b, 0, b.length);
    }

    private static String crc(byte[] b, int off, int len) {
        CRC32 c = new CRC32();
        c.update(b, off, len);
        return String.format("%08x", c.getValue());
    }
}
