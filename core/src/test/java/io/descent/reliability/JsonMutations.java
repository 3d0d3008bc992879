package io.descent.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descent.tensor.Rng;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Structural mutations of a JSON document, for headers and architectures: a value anywhere replaced by a value
 * of another kind or an edge number, a field removed or added, an array grown or emptied, deep nesting.
 */
final class JsonMutations {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String[] STRINGS = {"", "F32", "F64", "F16", "BF16", "I64", "float32", "float64", "Linear",
        "Sequential", "java.lang.Runtime", "io.descent.nn.Linear", "__metadata__", "descent.format", "model",
        "checkpoint", "\u0000", "\ud83d\ude00", "x".repeat(300)};
    private static final String[] KEYS = {"dtype", "shape", "data_offsets", "type", "args", "children", "__metadata__",
        "in_features", "out_features", "bias", "p", "kernel_size", "stride", "padding", "num_features", "eps",
        "momentum", "affine", "junk", ""};

    private JsonMutations() {
    }

    /** {@code root} (a copy) with {@code count} random mutations. */
    static JsonNode mutate(JsonNode root, Rng rng, int count) {
        JsonNode out = root.deepCopy();
        for (int i = 0; i < count; i++) {
            out = mutateOnce(out, rng);
        }
        return out;
    }

    private static JsonNode mutateOnce(JsonNode root, Rng rng) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        if (containers.isEmpty()) {
            return randomValue(rng, 0);
        }
        JsonNode c = containers.get(rng.nextInt(containers.size()));
        if (c instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            switch (rng.nextInt(4)) {
                case 0 -> {
                    if (!names.isEmpty()) {
                        o.remove(names.get(rng.nextInt(names.size())));
                    }
                }
                case 1 -> o.set(KEYS[rng.nextInt(KEYS.length)], randomValue(rng, 0));
                default -> {
                    if (!names.isEmpty()) {
                        o.set(names.get(rng.nextInt(names.size())), randomValue(rng, 0));
                    }
                }
            }
        } else if (c instanceof ArrayNode a) {
            switch (rng.nextInt(4)) {
                case 0 -> a.removeAll();
                case 1 -> a.add(randomValue(rng, 0));
                default -> {
                    if (!a.isEmpty()) {
                        a.set(rng.nextInt(a.size()), randomValue(rng, 0));
                    }
                }
            }
        }
        return root;
    }

    private static void collect(JsonNode n, List<JsonNode> out) {
        if (n.isContainerNode()) {
            out.add(n);
            for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
                collect(it.next(), out);
            }
        }
    }

    /** A random JSON value: edge numbers, strings, booleans, null, small containers, now and then deep nesting. */
    static JsonNode randomValue(Rng rng, int depth) {
        switch (rng.nextInt(depth > 2 ? 6 : 9)) {
            case 0, 1 -> {
                return F.numberNode(EDGE_INTS[rng.nextInt(EDGE_INTS.length)]);
            }
            case 2 -> {
                return switch (rng.nextInt(5)) {
                    case 0 -> F.numberNode(new BigInteger("1" + "0".repeat(30)));
                    case 1 -> F.numberNode(-1.5);
                    case 2 -> F.numberNode(1e308);
                    case 3 -> F.numberNode(0.5);
                    default -> F.numberNode(rng.nextInt(64));
                };
            }
            case 3 -> {
                return F.textNode(STRINGS[rng.nextInt(STRINGS.length)]);
            }
            case 4 -> {
                return F.booleanNode(rng.nextInt(2) == 0);
            }
            case 5 -> {
                return F.nullNode();
            }
            case 6 -> {
                ArrayNode a = F.arrayNode();
                int n = rng.nextInt(5);
                for (int i = 0; i < n; i++) {
                    a.add(randomValue(rng, depth + 1));
                }
                return a;
            }
            case 7 -> {
                ObjectNode o = F.objectNode();
                int n = rng.nextInt(4);
                for (int i = 0; i < n; i++) {
                    o.set(KEYS[rng.nextInt(KEYS.length)], randomValue(rng, depth + 1));
                }
                return o;
            }
            default -> {
                JsonNode n = F.numberNode(1);
                for (int i = 0; i < 70; i++) { // deeper nesting is written as text: deeplyNested
                    n = rng.nextInt(2) == 0 ? F.arrayNode().add(n) : F.objectNode().set("children", F.arrayNode().add(n));
                }
                return n;
            }
        }
    }

    /** Text nested {@code levels} deep in arrays or architecture children, past any parser's comfort. */
    static String deeplyNested(int levels, boolean children) {
        String open = children ? "{\"type\":\"Sequential\",\"children\":[" : "[";
        String close = children ? "]}" : "]";
        return open.repeat(levels) + (children ? "{\"type\":\"ReLU\"}" : "1") + close.repeat(levels);
    }

    /** Integers that lengths, dimensions and offsets may lie with. */
    static final long[] EDGE_INTS = {0, 1, 2, 3, 4, 8, -1, -8, 255, 65536, 5000, Integer.MAX_VALUE,
        Integer.MAX_VALUE + 1L, 0xFFFFFFFFL, 1L << 40, Long.MAX_VALUE, Long.MIN_VALUE};
}
