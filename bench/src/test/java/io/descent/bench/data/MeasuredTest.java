package io.descent.bench.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MeasuredTest {
    private static final String OUTPUT = """
            data: streaming /tmp/a.svm (17.2 MB, 100000 features) in 4.0 MB chunks
            descent train: linear on libsvm:/tmp/a.svm (100001 parameters), loss log, optimizer sgd(lr=0.5)
            epoch 1/2  train_loss 0.6927  val_loss 0.6923  val_accuracy 0.4971  lr 0.500  seconds 1.25
              epoch 1: 28701 rows/s, 13.7 MB/s
            epoch 2/2  train_loss 0.6868  val_loss 0.6913  val_accuracy 0.5011  lr 0.500  seconds 0.17
              epoch 2: 207498 rows/s, 98.9 MB/s
            test accuracy 0.5070 loss 0.690879
            """;

    @Test
    void readsEachEpochsRateAndLossFromTheCommandsLines() {
        Measured m = Measured.parse(OUTPUT, 251);
        assertThat(m.rowsPerS(1)).isEqualTo(28701);
        assertThat(m.mbPerS(2)).isEqualTo(98.9);
        assertThat(m.trainLoss(2)).isEqualTo(0.6868);
        assertThat(m.peakRssMb()).isEqualTo(251);
    }

    @Test
    void anEpochWithoutARateIsAnErrorThatShowsTheOutput() {
        Measured m = Measured.parse("epoch 1/1  train_loss 0.5  seconds 1\n", 10);
        assertThatThrownBy(() -> m.rowsPerS(1)).hasMessageContaining("did it stream").hasMessageContaining("epoch 1/1");
    }

    @Test
    void theCachedEpochsRateIsTheMedianOfEpochsTwoToFour() {
        Measured m = Measured.parse("""
                  epoch 1: 200000 rows/s, 90.0 MB/s
                  epoch 2: 1300000 rows/s, 600.0 MB/s
                  epoch 3: 1900000 rows/s, 900.0 MB/s
                  epoch 4: 1700000 rows/s, 800.0 MB/s
                """, 300);
        assertThat(DataBench.cachedEpochRate(m)).isEqualTo(1700000);
    }
}
