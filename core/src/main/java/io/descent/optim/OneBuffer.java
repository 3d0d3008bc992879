package io.descent.optim;

import io.descent.tensor.Tensor;
import java.util.Map;

/**
 * The state of a final step that keeps one tensor per parameter: the heavy ball's w_{t-1}
 * ({@code previous}), Lion's momentum ({@code exp_avg}), LARS's velocity ({@code momentum_buffer}), each
 * under its own saved name.
 *
 * @param buffer the tensor
 * @param name   its saved name
 */
public record OneBuffer(Tensor buffer, String name) implements TransformState {

    /** A zero buffer with the parameter's type and shape. */
    static OneBuffer zerosLike(Tensor parameter, String name) {
        return new OneBuffer(StateTensors.zerosLike(parameter), name);
    }

    @Override
    public Map<String, Tensor> tensors() {
        return StateTensors.of(name, buffer);
    }
}
