package io.descent.optim;

import io.descent.tensor.Tensor;
import java.util.Map;

/**
 * The state of the Adam family's final steps (RAdam, LAMB, AdaMax): the first moment m_t ({@code exp_avg})
 * and a second running statistic, v_t ({@code exp_avg_sq}, the mean of squares) or AdaMax's u_t
 * ({@code exp_inf}, the exponentially weighted infinity norm). The second tensor's name is PyTorch's, which
 * is also how saved optimizer states name it.
 *
 * @param expAvg     m_t
 * @param second     v_t or u_t
 * @param secondName the saved name of {@code second}
 */
public record MomentPair(Tensor expAvg, Tensor second, String secondName) implements TransformState {
    /** The name of v_t, the running mean of squared gradients. */
    public static final String SQUARES = "exp_avg_sq";

    /** Both statistics zero, with the parameter's type and shape. */
    static MomentPair zerosLike(Tensor parameter, String secondName) {
        return new MomentPair(StateTensors.zerosLike(parameter), StateTensors.zerosLike(parameter), secondName);
    }

    @Override
    public Map<String, Tensor> tensors() {
        return StateTensors.of("exp_avg", expAvg, secondName, second);
    }
}
