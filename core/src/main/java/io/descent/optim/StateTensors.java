package io.descent.optim;

import io.descent.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the ordered name-to-tensor views that {@link TransformState#tensors()} returns; entries that are null are left out. */
final class StateTensors {
    private StateTensors() {
    }

    static Map<String, Tensor> of(String name, Tensor t) {
        return of(name, t, null, null, null, null);
    }

    static Map<String, Tensor> of(String n1, Tensor t1, String n2, Tensor t2) {
        return of(n1, t1, n2, t2, null, null);
    }

    static Map<String, Tensor> of(String n1, Tensor t1, String n2, Tensor t2, String n3, Tensor t3) {
        return of(n1, t1, n2, t2, n3, t3, null, null);
    }

    static Map<String, Tensor> of(String n1, Tensor t1, String n2, Tensor t2, String n3, Tensor t3, String n4,
            Tensor t4) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        put(out, n1, t1);
        put(out, n2, t2);
        put(out, n3, t3);
        put(out, n4, t4);
        return Collections.unmodifiableMap(out);
    }

    private static void put(Map<String, Tensor> out, String name, Tensor t) {
        if (t != null) {
            out.put(name, t);
        }
    }

    /** A zero tensor with the parameter's type and shape. */
    static Tensor zerosLike(Tensor parameter) {
        return Tensor.zeros(parameter.dtype(), parameter.shape());
    }
}
