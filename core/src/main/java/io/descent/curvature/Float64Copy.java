package io.descent.curvature;

import io.descent.autograd.GradMode;
import io.descent.nn.Architecture;
import io.descent.nn.Module;
import io.descent.nn.Spec;
import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A float64 twin of a model: the same architecture ({@link Module#spec()} with every {@code dtype} argument set
 * to float64), its parameters and buffers the model's values widened exactly, in the model's train or eval mode.
 * Curvature is measured on the twin, so that differences of gradients and the Lanczos recurrences are not
 * swamped by float32 rounding (about 6e-8 relative, against the 1e-10 that float64 differences reach); the
 * model itself is left untouched.
 */
public final class Float64Copy {

    private Float64Copy() {
    }

    /** The twin; the model's layers must all describe themselves ({@link Module#spec()}), as saved models do. */
    public static Module of(Module model) {
        Module copy = Architecture.build(widened(model.spec()));
        Map<String, Tensor> source = model.stateDict();
        try (var scope = GradMode.disabled()) {
            copy.stateDict().forEach((name, t) -> t.copyFrom(source.get(name).to(DType.FLOAT64)));
        }
        copy.train(model.isTraining());
        return copy;
    }

    private static Spec widened(Spec s) {
        Map<String, Object> args = new LinkedHashMap<>(s.args());
        if (args.containsKey("dtype")) {
            args.put("dtype", Spec.dtypeName(DType.FLOAT64));
        }
        List<Spec> children = new ArrayList<>();
        for (Spec c : s.children()) {
            children.add(widened(c));
        }
        return new Spec(s.type(), args, children);
    }
}
