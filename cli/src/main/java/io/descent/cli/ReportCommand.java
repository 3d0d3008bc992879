package io.descent.cli;

import io.descent.cli.lecture.Budget;
import io.descent.cli.lecture.Lecture;
import io.descent.data.FashionMnist;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code descent report}: tests the lecture's claims (the table that opens the page), reruns its twelve experiments
 * and writes {@code <out>/index.html} with its pictures in {@code <out>/img/}. Uses Fashion-MNIST when it is
 * installed. The claims' training runs keep their results in {@code <out>/runs/}, so a report that was stopped
 * resumes where it was.
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Rerun the lecture's experiments on optimization for deep learning and write an HTML report "
                + "(about 3 minutes on 2 cores).",
            "Uses Fashion-MNIST when installed (apt-get install -y dataset-fashion-mnist), synthetic data otherwise.",
            "The claims table's runs are cached in DIR/runs/: an interrupted report resumes and skips finished runs."})
final class ReportCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "report", paramLabel = "DIR",
            description = "where index.html and img/ go (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--quick", description = "a small budget: seconds, for tests")
    boolean quick;

    @Option(names = "--full", description = "the longer versions of the experiments; the claims on all 60,000 "
            + "Fashion-MNIST images with 3 seeds, 5 step sizes and the 784-1000-1000-10 MLP (hours)")
    boolean full;

    @Option(names = "--fashion-mnist", paramLabel = "DIR",
            description = "the directory holding Fashion-MNIST's four IDX files (default: "
                    + "/usr/share/datasets/fashion-mnist, used when present)")
    Path fashionDir;

    @Option(names = "--without-fashion-mnist", description = "run the synthetic versions even when Fashion-MNIST is installed")
    boolean withoutFashion;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TrainCommand.check(!(quick && full), "--quick", "give --quick or --full, not both");
        TrainCommand.check(!(withoutFashion && fashionDir != null), "--without-fashion-mnist",
                "give --fashion-mnist DIR or --without-fashion-mnist, not both");
        OutputPaths.directory("--out", out);
        Budget budget = quick ? Budget.quick() : full ? Budget.full() : Budget.standard();
        Descent.noteBlas(err);
        String[] missing = {"Fashion-MNIST was left out on request (--without-fashion-mnist)."};
        Optional<FashionMnist> fashion = Optional.empty();
        if (!withoutFashion) {
            if (fashionDir != null) {
                fashion = Optional.of(FashionMnist.load(Optional.of(fashionDir)));   // named but absent: an error
            } else {
                fashion = Lecture.tryLoad(FashionMnist.DEFAULT_DIR, missing);
            }
        }
        if (fashion.isEmpty() && !withoutFashion) {
            err.println("descent: note: " + missing[0]);
        }
        String command = "descent " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        long t0 = System.nanoTime();
        Path page = Lecture.write(out, budget, fashion, missing[0], command, err);
        stdout.printf(Locale.ROOT, "wrote %s in %.0f s%n", page, (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
