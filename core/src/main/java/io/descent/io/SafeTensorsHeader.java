package io.descent.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descent.InvalidInputException;
import io.descent.io.SafeTensors.Entry;
import io.descent.tensor.Shape;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The JSON header of a safetensors file: encoding it, and parsing it with every field checked. */
final class SafeTensorsHeader {
    /** Strict JSON: a duplicated key or anything after the object is an error, not silently accepted. */
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> ENTRY_FIELDS = Set.of("dtype", "shape", "data_offsets");
    private static final Set<String> OTHER_DTYPES = Set.of("F8_E4M3", "F8_E5M2", "I8", "I16", "I32", "U8", "U16",
            "U32", "U64", "BOOL");

    private SafeTensorsHeader() {
    }

    /** The header bytes: metadata first, then the entries, padded with spaces to a multiple of 8. */
    static byte[] encode(Map<String, String> metadata, List<Entry> entries) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode meta = root.putObject(SafeTensors.METADATA);
        metadata.forEach(meta::put);
        for (Entry e : entries) {
            ObjectNode t = root.putObject(e.name());
            t.put("dtype", e.type().safetensorsName());
            ArrayNode shape = t.putArray("shape");
            for (int d : e.shape()) {
                shape.add(d);
            }
            t.putArray("data_offsets").add(e.begin()).add(e.end());
        }
        byte[] json = JSON.writeValueAsBytes(root);
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = Arrays.copyOf(json, padded);
        Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }

    static JsonNode parse(String file, byte[] header) {
        checkCounts(file, header);
        JsonNode root;
        try {
            root = JSON.readTree(header);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null || at.getByteOffset() < 0 ? "header" : "byte " + (8 + at.getByteOffset());
            throw new InvalidInputException(file, where, "the header is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidInputException(file, "header", "the header cannot be read as JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(file, "header", "the header must be a JSON object of tensor entries");
        }
        return root;
    }

    /**
     * Counts the header's tensor entries and metadata keys with a streaming parser, in constant memory, and stops at
     * the first beyond {@link SafeTensors#MAX_TENSORS} or {@link SafeTensors#MAX_METADATA_KEYS}, before a tree is
     * built (a 99 MiB header of 7M keys took 50 s and 2.5 GB to refuse). Malformed JSON is left to the parse that
     * follows, which names the byte.
     */
    private static void checkCounts(String file, byte[] header) {
        try (JsonParser p = JSON.getFactory().createParser(header)) {
            int depth = 0;
            boolean inMetadata = false;
            long tensors = 0;
            long keys = 0;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                switch (t) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> {
                        depth--;
                        if (depth == 1) {
                            inMetadata = false;
                        }
                    }
                    case FIELD_NAME -> {
                        if (depth == 1) {
                            inMetadata = SafeTensors.METADATA.equals(p.currentName());
                            if (!inMetadata && ++tensors > SafeTensors.MAX_TENSORS) {
                                throw new InvalidInputException(file, "header", "more than " + SafeTensors.MAX_TENSORS
                                        + " tensors; Descent reads files of at most that many");
                            }
                        } else if (depth == 2 && inMetadata && ++keys > SafeTensors.MAX_METADATA_KEYS) {
                            throw new InvalidInputException(file, SafeTensors.METADATA, "more than "
                                    + SafeTensors.MAX_METADATA_KEYS + " entries; Descent reads files of at most that many");
                        }
                    }
                    default -> {
                    }
                }
            }
        } catch (IOException e) {
            // not JSON: parse() reports where
        }
    }

    static Map<String, String> metadata(String file, JsonNode root) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode meta = root.get(SafeTensors.METADATA);
        if (meta == null) {
            return out;
        }
        if (!meta.isObject()) {
            throw new InvalidInputException(file, SafeTensors.METADATA, "must be an object of strings");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = meta.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getValue().isTextual()) {
                throw new InvalidInputException(file, SafeTensors.METADATA + " '" + f.getKey() + "'",
                        "metadata values must be strings, got " + f.getValue().getNodeType().name().toLowerCase());
            }
            out.put(f.getKey(), f.getValue().textValue());
        }
        return out;
    }

    /** Every tensor entry, checked, sorted by where its data begins. */
    static List<Entry> entries(String file, JsonNode root) {
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getKey().equals(SafeTensors.METADATA)) {
                entries.add(entry(file, f.getKey(), f.getValue()));
            }
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        return entries;
    }

    private static Entry entry(String file, String name, JsonNode node) {
        String where = "tensor '" + name + "'";
        if (name.isEmpty()) {
            throw new InvalidInputException(file, "header", "a tensor has an empty name");
        }
        if (!node.isObject()) {
            throw new InvalidInputException(file, where, "must be an object with dtype, shape and data_offsets");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!ENTRY_FIELDS.contains(field)) {
                throw new InvalidInputException(file, where, "unknown field '" + field + "'; an entry has exactly "
                        + "dtype, shape and data_offsets");
            }
        }
        StoredType dtype = dtype(file, where, node.get("dtype"));
        int[] shape = shape(file, where, node.get("shape"));
        JsonNode offsets = node.get("data_offsets");
        if (offsets == null || !offsets.isArray() || offsets.size() != 2 || !isCount(offsets.get(0))
                || !isCount(offsets.get(1))) {
            throw new InvalidInputException(file, where, "data_offsets must be [begin, end], two non-negative integers");
        }
        long begin = offsets.get(0).longValue();
        long end = offsets.get(1).longValue();
        long bytes = (long) Shape.of(shape).size() * dtype.bytes();
        if (end < begin || end - begin != bytes) {
            throw new InvalidInputException(file, where, "data_offsets [" + begin + ", " + end + "] span "
                    + (end - begin) + " bytes, but " + dtype.safetensorsName() + " " + Arrays.toString(shape)
                    + " needs " + bytes);
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static boolean isCount(JsonNode n) {
        return n != null && n.isIntegralNumber() && n.canConvertToLong() && n.longValue() >= 0;
    }

    private static StoredType dtype(String file, String where, JsonNode node) {
        String s = node == null || !node.isTextual() ? null : node.textValue();
        StoredType t = StoredType.named(s);
        if (t != null) {
            return t;
        }
        if (s != null && OTHER_DTYPES.contains(s)) { // Set.of refuses to look up null
            throw new InvalidInputException(file, where, "dtype " + s + " is not supported: Descent reads F32 and F64, "
                    + "and F16, BF16 and I64 widened");
        }
        throw new InvalidInputException(file, where, "dtype must be \"F32\", \"F64\", \"F16\", \"BF16\" or \"I64\", got "
                + node);
    }

    private static int[] shape(String file, String where, JsonNode node) {
        if (node == null || !node.isArray() || node.size() > Shape.MAX_RANK) {
            throw new InvalidInputException(file, where, "shape must be an array of at most " + Shape.MAX_RANK
                    + " dimensions, got " + node);
        }
        int[] dims = new int[node.size()];
        long elements = 1;
        for (int i = 0; i < dims.length; i++) {
            JsonNode d = node.get(i);
            if (!isCount(d) || !d.canConvertToInt()) {
                throw new InvalidInputException(file, where, "shape " + node + ": dimension " + i
                        + " must be a non-negative integer");
            }
            dims[i] = d.intValue();
            elements *= dims[i];
            if (elements > Integer.MAX_VALUE - 8) {
                throw new InvalidInputException(file, where, "shape " + node + " has more than 2^31 elements");
            }
        }
        return dims;
    }

    /** Checks that the entries, sorted by offset, cover [0, dataLength) back to back. */
    static void checkTiling(String file, List<Entry> entries, long dataLength) {
        long next = 0;
        String previous = null;
        for (Entry e : entries) {
            if (e.begin() != next) {
                throw new InvalidInputException(file, "tensor '" + e.name() + "'", "its data begins at " + e.begin()
                        + " but " + (previous == null ? "the data section starts at 0" : "'" + previous + "' ends at "
                        + next) + ": the tensors must lie back to back with no gap or overlap");
            }
            next = e.end();
            previous = e.name();
        }
        if (next != dataLength) {
            throw new InvalidInputException(file, "data section", "the tensors cover " + next + " bytes but the data "
                    + "section has " + dataLength + (next > dataLength ? ": truncated" : ": extra bytes at the end"));
        }
    }
}
