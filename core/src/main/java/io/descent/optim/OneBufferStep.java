package io.descent.optim;

import io.descent.tensor.Tensor;

/** A final step that keeps a {@link OneBuffer}, zero at the start: the heavy ball, Lion and LARS. */
interface OneBufferStep extends GradientTransform<OneBuffer> {

    /** The buffer's saved name. */
    String bufferName();

    @Override
    default OneBuffer init(Tensor parameter) {
        return OneBuffer.zerosLike(parameter, bufferName());
    }

    @Override
    default boolean appliesUpdate() {
        return true;
    }
}
