package io.descent.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** A workspace shared by layers of different sizes keeps the largest buffer returned to it. */
class WorkspaceTest {

    @Test
    void keepsTheLargerBufferAndHandsItOutWhileItFits() {
        Workspace space = new Workspace();
        Tensor large = space.take(DType.FLOAT32, 100);
        Tensor small = space.take(DType.FLOAT32, 10);        // the large one is taken: a new buffer
        assertThat(small).isNotSameAs(large);
        space.give(large);
        space.give(small);
        assertThat(space.take(DType.FLOAT32, 50)).isSameAs(large);
        space.give(large);
        assertThat(space.take(DType.FLOAT32, 200).size()).as("too small: a new one").isEqualTo(200);
        assertThat(space.take(DType.FLOAT64, 10).dtype()).isEqualTo(DType.FLOAT64);
    }
}
