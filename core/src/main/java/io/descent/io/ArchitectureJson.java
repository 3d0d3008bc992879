package io.descent.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descent.nn.Spec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link Spec} as JSON and back: {@code {"type": "Linear", "args": {"in_features": 3, ...}, "children": [...]}},
 * with "args" and "children" left out when empty. Parsing accepts exactly that shape: numbers, booleans and
 * strings as arguments, nothing else.
 */
final class ArchitectureJson {
    private static final Set<String> FIELDS = Set.of("type", "args", "children");
    /**
     * Bounds checked before the spec tree is built: a real architecture is a few hundred bytes per layer, so 1 MiB
     * of JSON and {@value #MAX_MODULES} modules are far above any model (a forged 20 MB one of 1.24M children took
     * 16 s and 1 GB); nesting is bounded by {@link io.descent.nn.Architecture#MAX_DEPTH}.
     */
    static final int MAX_CHARS = 1 << 20;
    static final int MAX_MODULES = 10_000;

    private ArchitectureJson() {
    }

    static String write(Spec spec) {
        try {
            return SafeTensorsHeader.JSON.writeValueAsString(node(spec));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the architecture as JSON", e);
        }
    }

    private static ObjectNode node(Spec spec) {
        ObjectNode n = SafeTensorsHeader.JSON.createObjectNode();
        n.put("type", spec.type());
        if (!spec.args().isEmpty()) {
            ObjectNode args = n.putObject("args");
            spec.args().forEach((k, v) -> {
                if (v instanceof Integer i) {
                    args.put(k, i);
                } else if (v instanceof Long l) {
                    args.put(k, l);
                } else if (v instanceof Double d) {
                    args.put(k, d);
                } else if (v instanceof Boolean b) {
                    args.put(k, b);
                } else {
                    args.put(k, (String) v);
                }
            });
        }
        if (!spec.children().isEmpty()) {
            ArrayNode kids = n.putArray("children");
            spec.children().forEach(c -> kids.add(node(c)));
        }
        return n;
    }

    /**
     * The spec in {@code json}.
     *
     * @throws IllegalArgumentException naming the place in the JSON (e.g. {@code children[2].args.p}) and the problem
     */
    static Spec read(String json) {
        if (json.length() > MAX_CHARS) {
            throw new IllegalArgumentException("the architecture has " + json.length() + " characters; at most "
                    + MAX_CHARS + " (1 MiB) describe any model");
        }
        JsonNode root;
        try {
            root = SafeTensorsHeader.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? "" : " (character " + e.getLocation().getCharOffset() + ")";
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage() + at);
        }
        return spec(root, "the root", 0, new int[1]);
    }

    /** @param modules the specs read so far, bounded by {@link #MAX_MODULES} */
    private static Spec spec(JsonNode n, String where, int depth, int[] modules) {
        if (++modules[0] > MAX_MODULES) {
            throw new IllegalArgumentException(where + ": more than " + MAX_MODULES + " modules; no model has as many");
        }
        if (depth > io.descent.nn.Architecture.MAX_DEPTH) {
            throw new IllegalArgumentException(where.substring(0, Math.min(where.length(), 60)) + "...: containers are "
                    + "nested more than " + io.descent.nn.Architecture.MAX_DEPTH + " deep");
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException(where + " must be an object with type, args and children");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException(where + ": unknown field '" + f + "'");
            }
        }
        JsonNode type = n.get("type");
        if (type == null || !type.isTextual()) {
            throw new IllegalArgumentException(where + ": type must be a string");
        }
        Map<String, Object> args = new LinkedHashMap<>();
        JsonNode a = n.get("args");
        if (a != null) {
            if (!a.isObject()) {
                throw new IllegalArgumentException(where + ": args must be an object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                args.put(f.getKey(), value(f.getValue(), where + ".args." + f.getKey()));
            }
        }
        List<Spec> children = new ArrayList<>();
        JsonNode c = n.get("children");
        if (c != null) {
            if (!c.isArray()) {
                throw new IllegalArgumentException(where + ": children must be an array");
            }
            for (int i = 0; i < c.size(); i++) {
                children.add(spec(c.get(i), (where.equals("the root") ? "" : where + ".") + "children[" + i + "]",
                        depth + 1, modules));
            }
        }
        return new Spec(type.textValue(), args, children);
    }

    private static Object value(JsonNode v, String where) {
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.canConvertToInt() ? (Object) v.intValue() : (Object) v.longValue();
        }
        if (v.isFloatingPointNumber()) {
            return v.doubleValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        throw new IllegalArgumentException(where + " must be a number, a boolean or a string, got " + v);
    }
}
