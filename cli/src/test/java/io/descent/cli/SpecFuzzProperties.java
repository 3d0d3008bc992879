package io.descent.cli;

import io.descent.nn.Parameter;
import io.descent.optim.Optimizer;
import io.descent.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Fuzzing the specs of the command line as the commands use them: {@code --optimizer} (parsed, validated,
 * built and stepped), {@code --schedule} (parsed and evaluated), {@code --model} (built for flat rows and for
 * images) and {@code --data} (generated sets and small files loaded). Random text, and every known spec with
 * characters and values mutated. The only outcomes: a working component, or an InvalidInputException naming
 * the option; never another exception, a hang, or an allocation of more than half the heap.
 */
class SpecFuzzProperties {
    private static final List<String> OPTIMIZERS = List.of(
            "sgd(lr=0.1, momentum=0.9, dampening=0, nesterov=true, weight_decay=1e-4, clip_norm=1)",
            "heavyball(lr=0.01, beta=0.9)", "nesterov(lr=0.01, beta=0.9)",
            "adagrad(lr=0.01, lr_decay=0, initial_accumulator_value=0.1, eps=1e-10, weight_decay=0)",
            "rmsprop(lr=0.01, alpha=0.99, eps=1e-8, momentum=0.5, centered=true, weight_decay=0, clip_value=0.5)",
            "adadelta(lr=1, rho=0.9, eps=1e-6, weight_decay=0)",
            "adam(lr=1e-3, betas=0.9:0.999, eps=1e-8, weight_decay=0, amsgrad=true)", "amsgrad(lr=1e-3)",
            "adamw(lr=1e-3, weight_decay=0.01)", "nadam(lr=2e-3, betas=0.9:0.999, momentum_decay=4e-3)",
            "adamax(lr=2e-3, betas=0.9:0.999)", "newton(lr=1, damping=1e-4, max_params=1000)",
            "lbfgs(lr=1, history_size=10, max_iter=20, tolerance_grad=1e-7, tolerance_change=1e-9, "
                    + "line_search_fn=strong_wolfe)");
    private static final List<String> SCHEDULES = List.of("step(step_size=10, gamma=0.1, warmup=2, unit=step)",
            "multistep(milestones=30:80, gamma=0.1)", "exponential(gamma=0.95)", "cosine(t_max=100, min_factor=0, warmup=5)",
            "warmup(steps=500)", "constant", "plateau(factor=0.1, patience=10, mode=min, threshold=1e-4, cooldown=0, "
                    + "monitor=val_loss)");
    private static final List<String> MODELS = List.of("mlp(16,8, activation=relu, batchnorm=true, dropout=0.2)",
            "mlp(4, activation=gelu)", "linear", "cnn");
    private static final Path DIR = directory();
    private static final List<String> DATA = List.of("moons(n=200, noise=0.1, seed=1)", "spirals(n=100)",
            "xor(n=50, noise=0.3)", "blobs(n=100, classes=4, noise=0.5, seed=2)",
            "csv:" + file("small.csv", "x,y,label\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n9,1,0\n"),
            "libsvm:" + file("small.svm", "0 1:1 2:0.5\n1 2:1\n0 1:3\n1 1:1 2:2\n1 2:4\n"));

    @AfterContainer
    static void report() throws IOException {
        System.out.print(SpecFuzz.report());
        for (String f : List.of("small.csv", "small.svm")) {
            Files.deleteIfExists(DIR.resolve(f));
        }
        Files.deleteIfExists(DIR);
    }

    private static Path directory() {
        try {
            return Files.createTempDirectory("descent-spec-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path file(String name, String content) {
        try {
            return Files.writeString(DIR.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ the parsers, as the commands use them

    private static void optimizer(String text) {
        SpecFuzz.onlyInvalidInput("--optimizer", "--optimizer", text, () -> {
            Spec s = OptimizerSpecs.parse(text);
            OptimizerSpecs.validate(s);
            if (OptimizerSpecs.isFullBatch(s)) {
                return;
            }
            Parameter p = new Parameter("w", Tensor.of(new double[] {1, -2}, 2));
            Optimizer o = OptimizerSpecs.optimizer(OptimizerSpecs.parse(text), List.of(p));
            p.value().setGrad(Tensor.of(new double[] {0.5, -0.25}, 2));
            o.step();
        });
    }

    private static void schedule(String text) {
        SpecFuzz.onlyInvalidInput("--schedule", "--schedule", text, () -> {
            ScheduleSpecs.Parsed p = ScheduleSpecs.parse(text);
            if (p.schedule() != null) {
                for (long t : new long[] {0, 1, 7, 1000, Long.MAX_VALUE / 2}) {
                    p.schedule().at(t);
                }
            }
        });
    }

    private static void model(String text) {
        SpecFuzz.onlyInvalidInput("--model", "--model", text, () -> {
            ModelSpecs.build(text, new int[] {2}, 3, 0);
            ModelSpecs.build(text, new int[] {1, 28, 28}, 10, 0);
        });
    }

    private static void data(String text) {
        SpecFuzz.onlyInvalidInput("--data", "--data", text, () -> DataSpecs.load(text, DataSpecs.CsvOptions.DEFAULT));
    }

    // ------------------------------------------------------------------ properties

    @Property(tries = 400)
    void randomText(@ForAll @StringLength(max = 40) String text) {
        optimizer(text);
        schedule(text);
        model(text);
        if (!text.strip().toLowerCase().startsWith("fashion")) {
            data(text); // fashion-mnist would load the real data set
        }
    }

    @Property(tries = 800)
    void mutatedOptimizerSpecs(@ForAll @IntRange(max = 12) int which, @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 4) int edits) {
        optimizer(SpecFuzz.mutate(OPTIMIZERS.get(which), seed, edits));
    }

    @Property(tries = 400)
    void mutatedScheduleSpecs(@ForAll @IntRange(max = 6) int which, @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 4) int edits) {
        schedule(SpecFuzz.mutate(SCHEDULES.get(which), seed, edits));
    }

    @Property(tries = 400)
    void mutatedModelSpecs(@ForAll @IntRange(max = 3) int which, @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 4) int edits) {
        model(SpecFuzz.mutate(MODELS.get(which), seed, edits));
    }

    @Property(tries = 300)
    void mutatedDataSpecs(@ForAll @IntRange(max = 5) int which, @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 3) int edits) {
        String text = SpecFuzz.mutate(DATA.get(which), seed, edits);
        if (!text.strip().toLowerCase().startsWith("fashion")) {
            data(text);
        }
    }
}
