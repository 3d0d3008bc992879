package io.descent.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.descent.loss.LossSpec;
import io.descent.nn.Models;
import io.descent.nn.Module;
import io.descent.nn.Parameter;
import io.descent.optim.AdamConfig;
import io.descent.optim.Optimizer;
import io.descent.optim.Optimizers;
import io.descent.optim.SgdConfig;
import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plain data that crosses the wire, and the bookkeeping around it, without Spark. */
class WireTest {

    @Test
    void flatVectorsAddAndScaleInTheirOwnPrecision() {
        FlatVector a = FlatVector.wrap(new float[] {1, 2, 3});
        a.addScaled(FlatVector.wrap(new float[] {1, 1, 1}), 2).scale(0.5);
        assertThat(a.floats()).containsExactly(1.5f, 2f, 2.5f);
        assertThat(a.bytes()).isEqualTo(12);
        FlatVector d = FlatVector.zeros(DType.FLOAT64, 2).addScaled(FlatVector.wrap(new double[] {0.1, 0.2}), 3);
        assertThat(d.doubles()).containsExactly(0.1 * 3, 0.2 * 3);
        assertThat(d.bytes()).isEqualTo(16);
        assertThatThrownBy(() -> a.addScaled(d, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parametersRoundTripThroughAFlatVectorAndGradientsAreScaled() {
        Module m = Models.mlp(3, 2).hidden(4).seed(1).build();
        List<Parameter> params = m.parameters();
        FlatVector v = ParameterVectors.values(params);
        assertThat(v.size()).isEqualTo(3 * 4 + 4 + 4 * 2 + 2);
        assertThat(v.get(0)).isEqualTo(params.get(0).value().getFlat(0));
        assertThat(v.get(12)).isEqualTo(params.get(1).value().getFlat(0));
        Module other = Models.mlp(3, 2).hidden(4).seed(2).build();
        ParameterVectors.load(v, other.parameters());
        assertThat(ParameterVectors.values(other.parameters())).isEqualTo(v);
        ParameterVectors.setGradients(params, v, 0.5);
        assertThat(params.get(2).grad().getFlat(1)).isEqualTo((float) (0.5 * v.get(17)));
        assertThat(ParameterVectors.gradients(params).get(17)).isEqualTo((float) (0.5 * v.get(17)));
    }

    @Test
    void optimizerStatesTravelAndAverage() {
        Module m = Models.linear(3, 2);
        Optimizer adam = Optimizers.adam(m.parameters(), AdamConfig.defaults());
        ParameterVectors.setGradients(m.parameters(), FlatVector.wrap(new float[] {1, 2, 3, 4, 5, 6, 7, 8}), 1);
        adam.step();
        StateVectors s = StateVectors.of(adam.state());
        Optimizer again = Optimizers.adam(Models.linear(3, 2).parameters(), AdamConfig.defaults());
        again.load(s.toState());
        assertThat(StateVectors.of(again.state()).values()).isEqualTo(s.values());

        StateVectors twice = StateVectors.of(adam.state()).scale(3).addScaled(StateVectors.of(adam.state()), 1).scale(0.25);
        for (int i = 0; i < s.values().size(); i++) {
            float[] expected = s.values().get(i).floats();
            float[] actual = twice.values().get(i).floats();
            for (int j = 0; j < expected.length; j++) {
                assertThat(actual[j]).isCloseTo(expected[j], within(1e-6f * Math.max(1, Math.abs(expected[j]))));
            }
        }
        Optimizer sgd = Optimizers.sgd(Models.linear(3, 2).parameters(), SgdConfig.defaults().withMomentum(0.9));
        assertThatThrownBy(() -> s.addScaled(StateVectors.of(sgd.state()), 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void treeTransfersFollowSparksLevels() {
        assertThat(Aggregation.transfers(Aggregation.ORDERED, 16, 2)).isEqualTo(16);
        assertThat(Aggregation.transfers(Aggregation.TREE, 4, 2)).isEqualTo(4);   // 4 <= 2 + 2: no extra level
        assertThat(Aggregation.transfers(Aggregation.TREE, 16, 2)).isEqualTo(20); // scale 4: 16 -> 4
        assertThat(Aggregation.transfers(Aggregation.TREE, 100, 2)).isEqualTo(110); // scale 10: 100 -> 10
    }

    @Test
    void localBatchesCoverEveryRowOnceAnEpochAndDependOnTheSeedAlone() {
        Shard shard = new Shard(40, 23, new float[23], new float[23]);
        LocalBatches b = new LocalBatches(shard, 20, 92, false, 7); // share of 20 for 23 of 92 rows: 5
        assertThat(b.batchSize()).isEqualTo(5);
        assertThat(b.stepsPerEpoch()).isEqualTo(5);
        for (int epoch = 0; epoch < 2; epoch++) {
            int[] seen = new int[23];
            for (int s = 0; s < 5; s++) {
                for (int r : b.rows(epoch * 5 + s)) {
                    seen[r]++;
                }
            }
            assertThat(seen).containsOnly(1);
        }
        LocalBatches fresh = new LocalBatches(shard, 20, 92, false, 7);
        assertThat(fresh.rows(7)).containsExactly(b.rows(7));
        assertThat(new LocalBatches(shard, 20, 92, false, 8).rows(0)).isNotEqualTo(fresh.rows(0));
    }

    @Test
    void shardsSelectTheirRowsOfABatchInBatchOrder() {
        Shard s = new Shard(10, 5, new float[5], new float[5]);
        assertThat(PartitionRows.of(s).select(new int[] {3, 14, 10, 15, 12, 9})).containsExactly(4, 0, 2);
        assertThat(PartitionRows.of(s).select(new int[] {1, 2})).isEmpty();
        assertThat(Arrays.stream(ShardWork.allRows(s)).sum()).isEqualTo(10);
        Tensor[] batch = ShardWork.gather(new Shard(0, 2, new float[] {1, 2, 3, 4}, new float[] {0, 1}),
                new int[] {1}, new DataShape(new int[] {2}, new int[] {}, 2), DType.FLOAT64);
        assertThat(batch[0].toDoubleArray()).containsExactly(3, 4);
        assertThat(batch[1].dtype()).isEqualTo(DType.FLOAT64);
    }

    @Test
    void aModelTravelsAsItsSpecWithBatchNormAndDropoutIncluded() {
        Module cnn = Models.cnn();
        ModelBlueprint bp = ModelBlueprint.of(cnn, LossSpec.crossEntropy());
        assertThat(bp.spec().toSpec()).isEqualTo(cnn.spec());
        assertThat(bp.build().parameterCount()).isEqualTo(cnn.parameterCount());
        assertThat(bp).isEqualTo(ModelBlueprint.of(Models.cnn(), LossSpec.crossEntropy()));
        Module bn = Models.mlp(4, 2).hidden(8).batchNorm(true).dropout(0.5).build();
        Module rebuilt = ModelBlueprint.of(bn, LossSpec.crossEntropy()).build();
        assertThat(rebuilt.spec()).isEqualTo(bn.spec());
        assertThat(rebuilt.namedBuffers().keySet()).isEqualTo(bn.namedBuffers().keySet()).isNotEmpty();
        assertThat(io.descent.train.RunState.dropouts(rebuilt)).hasSize(1);
    }
}
