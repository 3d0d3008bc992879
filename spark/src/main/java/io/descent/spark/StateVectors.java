package io.descent.spark;

import io.descent.optim.OptimizerState;
import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An optimizer's state as plain data for the wire: its named tensors (moments, momentum buffers) as flat
 * vectors with their shapes, and its named strings (step counts, learning rates). Local SGD ships it with the
 * weights and averages the vectors over the workers; the strings must agree.
 */
record StateVectors(ArrayList<String> names, ArrayList<int[]> shapes, ArrayList<FlatVector> values,
        LinkedHashMap<String, String> metadata) implements Serializable {

    static StateVectors of(OptimizerState state) {
        ArrayList<String> names = new ArrayList<>();
        ArrayList<int[]> shapes = new ArrayList<>();
        ArrayList<FlatVector> values = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : state.tensors().entrySet()) {
            Tensor t = e.getValue();
            names.add(e.getKey());
            shapes.add(t.shape().dims());
            values.add(t.dtype() == DType.FLOAT32 ? FlatVector.wrap(t.toFloatArray()) : FlatVector.wrap(t.toDoubleArray()));
        }
        return new StateVectors(names, shapes, values, new LinkedHashMap<>(state.metadata()));
    }

    OptimizerState toState() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            FlatVector v = values.get(i);
            tensors.put(names.get(i), v.dtype() == DType.FLOAT32 ? Tensor.wrap(v.floats().clone(), shapes.get(i))
                    : Tensor.wrap(v.doubles().clone(), shapes.get(i)));
        }
        return OptimizerState.of(tensors, metadata);
    }

    /** The payload of the vectors in bytes. */
    long bytes() {
        long b = 0;
        for (FlatVector v : values) {
            b += v.bytes() + FlatVector.OVERHEAD_BYTES;
        }
        return b;
    }

    /** this += scale * other, vector by vector; fails when the strings differ (the workers' optimizers diverged). */
    StateVectors addScaled(StateVectors other, double scale) {
        if (!names.equals(other.names) || !metadata.equals(other.metadata)) {
            throw new IllegalStateException("the workers' optimizer states differ beyond their tensors: " + metadata
                    + " and " + other.metadata);
        }
        for (int i = 0; i < values.size(); i++) {
            values.get(i).addScaled(other.values.get(i), scale);
        }
        return this;
    }

    StateVectors scale(double s) {
        for (FlatVector v : values) {
            v.scale(s);
        }
        return this;
    }
}
