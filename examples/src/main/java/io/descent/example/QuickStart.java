package io.descent.example;

import io.descent.data.Dataset;
import io.descent.data.Split;
import io.descent.data.Synthetic;
import io.descent.io.ModelFile;
import io.descent.loss.CrossEntropyLoss;
import io.descent.nn.Models;
import io.descent.nn.Module;
import io.descent.nn.Predictor;
import io.descent.optim.AdamConfig;
import io.descent.optim.Optimizer;
import io.descent.optim.Optimizers;
import io.descent.tensor.Tensor;
import io.descent.train.History;
import io.descent.train.Metrics;
import io.descent.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Descent as a library from end to end: data, a model, an optimizer, the trainer, the model saved to a file,
 * loaded back and used to predict. The README shows the body of {@link #run(Path)} between its markers, and
 * {@code QuickStartTest} checks that the two stay the same. Run it with
 *
 * <pre>{@code mvn -q -B install -DskipTests && mvn -q -pl examples exec:java -Dexec.mainClass=io.descent.example.QuickStart}</pre>
 */
public final class QuickStart {
    private QuickStart() {
    }

    /** What {@link #run(Path)} made, for its test: both models, the new points and the loaded model's accuracy. */
    public record Result(Module trained, Module loaded, Dataset fresh, double accuracy) {
    }

    /** Trains an MLP on the two moons, saves it in {@code dir}, loads it back and predicts new points. */
    public static Result run(Path dir) throws IOException {
        // README:begin
        Dataset data = Synthetic.moons(1000, 0.1, 1);                         // 2-D points in 2 classes
        Split<Dataset> split = Split.trainValidation(data, 0.2, 1);
        Module model = Models.mlp(2, 2).hidden(32, 32).seed(1).build();       // 2-32-32-2 with ReLU
        Optimizer adam = Optimizers.adam(model.parameters(), AdamConfig.defaults().withLr(0.01));
        History history = Trainer.builder().batchSize(32).seed(1).build()
                .fit(model, new CrossEntropyLoss(), adam, split.train(), split.validation(), 20);
        System.out.printf("validation accuracy %.3f%n", history.last().get("val_accuracy"));

        Path file = dir.resolve("moons.safetensors");
        ModelFile.save(model, file);                                          // weights and architecture
        Module loaded = ModelFile.load(file);

        Dataset fresh = Synthetic.moons(200, 0.1, 2);                         // points it has never seen
        Tensor scores = Predictor.predict(loaded, fresh.features(), 100);
        int[] predicted = scores.argmax(1);
        double accuracy = (double) Metrics.correct(scores, fresh.labels()) / fresh.size();
        System.out.println("predicted " + Arrays.toString(Arrays.copyOf(predicted, 8))
                + ", labels " + Arrays.toString(Arrays.copyOf(fresh.labels(), 8)));
        System.out.printf("accuracy of the loaded model on new points %.3f%n", accuracy);
        // README:end
        return new Result(model, loaded, fresh, accuracy);
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("descent-quickstart");
        run(dir);
        System.out.println("model saved in " + dir.resolve("moons.safetensors"));
    }
}
