package io.descent.cli;

import io.descent.nn.Module;
import io.descent.nn.Spec;

/** What a saved model takes as input, read from its architecture. */
final class Inputs {
    private Inputs() {
    }

    /** True when the first layer is a convolution: the model takes images [N, C, H, W], not flat rows. */
    static boolean takesImages(Module model) {
        Spec s = model.spec();
        while (s.type().equals("Sequential") && !s.children().isEmpty()) {
            s = s.children().get(0);
        }
        return s.type().equals("Conv2d");
    }
}
