package io.descent.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.descent.InvalidInputException;
import io.descent.data.Dataset;
import io.descent.data.Synthetic;
import io.descent.loss.CrossEntropyLoss;
import io.descent.nn.Models;
import io.descent.nn.Module;
import io.descent.optim.NewtonCgConfig;
import io.descent.optim.OptimizerState;
import io.descent.optim.SaddleFreeConfig;
import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Newton-CG and saddle-free Newton as the loop's optimizer: float32 models through a float64 twin, state for resume. */
class CurvatureStepsTest {
    private static final Dataset MOONS = Synthetic.moons(200, 0.2, 3);

    private static Module mlp() {
        return Models.mlp(2, 2).hidden(8).seed(4).build();
    }

    private static double loss(Module m) {
        try (var scope = io.descent.autograd.GradMode.disabled()) {
            return new CrossEntropyLoss().apply(m.forward(MOONS.features()), MOONS.targets()).item();
        }
    }

    @Test
    void aFloat32ModelIsStepped() {
        for (boolean saddleFree : new boolean[] {false, true}) {
            Module model = mlp();
            assertThat(model.parameters().get(0).value().dtype()).isEqualTo(DType.FLOAT32);
            double before = loss(model);
            FullBatchSource source = saddleFree
                    ? FullBatchSource.saddleFree(model, new CrossEntropyLoss(), SaddleFreeConfig.defaults().withKrylov(10), MOONS)
                    : FullBatchSource.newtonCg(model, new CrossEntropyLoss(),
                            NewtonCgConfig.defaults().withGaussNewton(true).withMaxCg(10), MOONS);
            for (int i = 0; i < 5; i++) {
                source.optimizer().step();
            }
            assertThat(loss(model)).as(saddleFree ? "saddle_free" : "newton_cg").isLessThan(before * 0.8);
        }
    }

    @Test
    void newtonCgsDampingGoesIntoTheStateAndComesBack() {
        Module model = mlp();
        FullBatchSource a = FullBatchSource.newtonCg(model, new CrossEntropyLoss(), NewtonCgConfig.defaults().withMaxCg(5),
                MOONS);
        a.optimizer().step();
        a.optimizer().step();
        OptimizerState saved = a.optimizer().state();
        assertThat(saved.optimizer()).isEqualTo("newton_cg");
        double lambda = Double.parseDouble(saved.metadata().get("damping"));
        assertThat(lambda).isNotEqualTo(1.0);   // two steps of the rule moved it from the default 1

        FullBatchSource b = FullBatchSource.newtonCg(model, new CrossEntropyLoss(), NewtonCgConfig.defaults().withMaxCg(5),
                MOONS);
        b.optimizer().load(saved);
        assertThat(b.optimizer().state().metadata()).containsEntry("damping", Double.toString(lambda));

        assertThatThrownBy(() -> b.optimizer().load(OptimizerState.of(Map.<String, Tensor>of(),
                Map.of("optimizer", "newton_cg", "damping", "-1")))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("damping");
        assertThatThrownBy(() -> b.optimizer().load(OptimizerState.of(Map.<String, Tensor>of(),
                Map.of("optimizer", "saddle_free")))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("cannot be loaded into 'newton_cg'");
    }
}
