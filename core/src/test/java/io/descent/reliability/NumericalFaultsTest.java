package io.descent.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.descent.InvalidInputException;
import io.descent.data.CsvFormat;
import io.descent.data.CsvReader;
import io.descent.data.Dataset;
import io.descent.data.LibSvmFormat;
import io.descent.data.LibSvmReader;
import io.descent.data.Synthetic;
import io.descent.io.CheckpointFile;
import io.descent.loss.CrossEntropyLoss;
import io.descent.loss.SquareLoss;
import io.descent.nn.Models;
import io.descent.nn.Module;
import io.descent.optim.LbfgsConfig;
import io.descent.optim.NewtonConfig;
import io.descent.optim.Optimizers;
import io.descent.optim.SgdConfig;
import io.descent.tensor.Tensor;
import io.descent.train.Checkpointer;
import io.descent.train.EpochRecord;
import io.descent.train.Evaluation;
import io.descent.train.FullBatchSource;
import io.descent.train.History;
import io.descent.train.Trainer;
import io.descent.train.TrainingDivergedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NaN and infinity: in a data file they are refused with the line and field; in a data set built in code the
 * trainers refuse them with the row and column before the first step; a diverging run (learning rate 1e6)
 * stops at the first non-finite loss, validation included, and names a last checkpoint that is truly good.
 */
class NumericalFaultsTest {
    private static final CsvFormat CSV = CsvFormat.label("label").asClasses();

    private static String csvError(String text) {
        try {
            CsvReader.read(text.getBytes(StandardCharsets.UTF_8), "data.csv", CSV);
        } catch (InvalidInputException e) {
            return e.getMessage();
        }
        throw new AssertionError("read without complaint: " + text);
    }

    @Test
    void csvTextThatIsNotAFiniteNumberIsRefusedWithLineAndField() {
        for (String bad : List.of("NaN", "nan", "Infinity", "-Infinity", "inf", "1e39", "-3e40")) {
            String message = csvError("x,y,label\n1,2,0\n3," + bad + ",1\n");
            assertThat(message).as(bad).startsWith("data.csv, line 3, field 2 ('y')").contains("'" + bad + "'");
        }
        assertThat(csvError("x,y,label\n1,2,0\n3,4,NaN\n")).startsWith("data.csv, line 3, field 3 ('label')");
    }

    @Test
    void libsvmValuesAndLabelsThatAreNotFiniteAreRefusedWithTheLine() {
        for (String line : List.of("1 1:NaN", "1 2:inf", "NaN 1:1", "1 3:1e39")) {
            assertThatThrownBy(() -> LibSvmReader.read(("0 1:1\n" + line + "\n").getBytes(StandardCharsets.UTF_8),
                    "data.svm", LibSvmFormat.DEFAULT))
                    .as(line).isInstanceOf(InvalidInputException.class).hasMessageStartingWith("data.svm, line 2");
        }
    }

    private static Dataset withValue(Dataset d, int row, int column, double v, boolean target) {
        Tensor x = d.features().copy();
        Tensor y = d.targets().copy();
        if (target) {
            y.setFlat(row, v);
        } else {
            x.setFlat(row * d.featureSize() + column, v);
        }
        return Dataset.regression(x, y);
    }

    @Test
    void aDataSetBuiltInCodeWithNaNIsReportedWithItsRowBeforeTraining() {
        Dataset blobs = Synthetic.blobs(100, 2, 1.0, 3);
        Dataset clean = Dataset.regression(blobs.features(), blobs.features().sum(1, false));
        SquareLoss mse = new SquareLoss();
        Trainer trainer = Trainer.builder().batchSize(16).build();

        Module model = Models.linear(2, 1);
        Tensor before = model.parameters().get(0).value().copy();
        assertThatThrownBy(() -> trainer.fit(model, mse, Optimizers.sgd(model.parameters(), SgdConfig.defaults()),
                withValue(clean, 37, 1, Double.NaN, false), null, 3))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("training data, row 37, feature 1: is NaN; the data must hold finite numbers only");
        assertThat(model.parameters().get(0).value().toDoubleArray()).as("no step was taken")
                .containsExactly(before.toDoubleArray());

        assertThatThrownBy(() -> trainer.fit(model, mse, Optimizers.sgd(model.parameters(), SgdConfig.defaults()),
                clean, withValue(clean, 5, 0, Double.NEGATIVE_INFINITY, true), 3))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("validation data, row 5, target 0: is -Infinity");

        assertThatThrownBy(() -> FullBatchSource.newton(model, mse, NewtonConfig.defaults(),
                withValue(clean, 99, 0, Double.POSITIVE_INFINITY, false)))
                .hasMessageStartingWith("training data, row 99, feature 0: is Infinity");
        assertThatThrownBy(() -> FullBatchSource.closure(model, mse, Optimizers.lbfgs(model.parameters(),
                LbfgsConfig.defaults()), withValue(clean, 0, 1, Double.NaN, false)))
                .hasMessageStartingWith("training data, row 0, feature 1: is NaN");
    }

    /**
     * Learning rate 1e6, one full batch per epoch, a checkpoint after every epoch: the weights grow by orders of
     * magnitude each step until a loss (here the validation loss first, while the weights are still finite)
     * is not finite. The run stops there, and the checkpoint it names holds weights whose losses are finite.
     */
    @Test
    void aDivergingRunStopsAtTheFirstNonFiniteLossAndNamesAGoodCheckpoint(@TempDir Path dir) throws Exception {
        Dataset train = Synthetic.moons(300, 0.1, 1);
        Dataset validation = Synthetic.moons(100, 0.1, 2);
        Module model = Models.mlp(2, 2).hidden(16).build();
        CrossEntropyLoss loss = new CrossEntropyLoss();
        Trainer trainer = Trainer.builder().batchSize(1000).callbacks(Checkpointer.every(dir, 1)).build();
        TrainingDivergedException e = org.junit.jupiter.api.Assertions.assertThrows(TrainingDivergedException.class,
                () -> trainer.fit(model, loss, Optimizers.sgd(model.parameters(), SgdConfig.defaults().withLr(1e6)),
                        train, validation, 50));
        History finished = e.history();
        Path last = dir.resolve(Checkpointer.LAST);
        assertThat(finished.size()).as("epochs before the fault").isGreaterThanOrEqualTo(1);
        assertThat(e.getMessage()).startsWith("training diverged at epoch " + (finished.size() + 1) + ", ")
                .containsPattern("the (validation )?loss is (NaN|-?Infinity)|holds NaN or Infinity")
                .endsWith("the last good checkpoint is " + last);
        for (EpochRecord r : finished.epochs()) {
            assertThat(r.get("train_loss")).as("epoch " + r.epoch()).isFinite();
            assertThat(r.get("val_loss")).as("epoch " + r.epoch()).isFinite();
        }
        Module restored = Models.mlp(2, 2).hidden(16).build();
        CheckpointFile.Contents c = CheckpointFile.read(last);
        c.restoreModel(restored);
        assertThat(c.extra("epoch")).isEqualTo(Integer.toString(finished.size()));
        assertThat(Evaluation.of(restored.eval(), loss, validation, 1000, 1).loss()).isFinite();
    }
}
