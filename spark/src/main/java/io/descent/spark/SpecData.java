package io.descent.spark;

import io.descent.nn.Spec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A model's {@link Spec} as plain serializable data (strings, boxed numbers, lists): how the architecture
 * travels to the executors, which rebuild the module from it.
 */
record SpecData(String type, LinkedHashMap<String, Object> args, ArrayList<SpecData> children) implements Serializable {

    static SpecData of(Spec spec) {
        ArrayList<SpecData> kids = new ArrayList<>();
        for (Spec c : spec.children()) {
            kids.add(of(c));
        }
        return new SpecData(spec.type(), new LinkedHashMap<>(spec.args()), kids);
    }

    Spec toSpec() {
        List<Spec> kids = new ArrayList<>();
        for (SpecData c : children) {
            kids.add(c.toSpec());
        }
        return new Spec(type, args, kids);
    }

    /** Whether this module or a descendant has the given type. */
    boolean contains(String typeName) {
        if (type.equals(typeName)) {
            return true;
        }
        for (SpecData c : children) {
            if (c.contains(typeName)) {
                return true;
            }
        }
        return false;
    }
}
