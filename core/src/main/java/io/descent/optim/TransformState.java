package io.descent.optim;

import io.descent.tensor.Tensor;
import java.util.Map;

/**
 * What one gradient transform keeps for one parameter between steps (a momentum buffer, Adam's moments),
 * as a typed record of tensors that the transform updates in place through their primitive arrays.
 *
 * <p>The tensors are named as in PyTorch's state dicts ({@code exp_avg}, {@code momentum_buffer}) so that
 * a saved state reads the same in both worlds. Scalars that PyTorch keeps per parameter (NAdam's product
 * of momentum factors) are tensors of rank 0 here too.
 */
public interface TransformState {

    /** The state of a transform that keeps none. */
    TransformState NONE = Map::of;

    /** The live tensors by name; saving copies them, loading copies into them. */
    Map<String, Tensor> tensors();
}
