package io.descent.cli.lecture;

import io.descent.curvature.ModelCurvature;
import io.descent.data.Dataset;
import io.descent.data.FashionMnist;
import io.descent.data.Synthetic;
import io.descent.loss.CrossEntropyLoss;
import io.descent.loss.Loss;
import io.descent.nn.Linear;
import io.descent.nn.Module;
import io.descent.nn.Sequential;
import io.descent.nn.Tanh;
import io.descent.optim.AdamConfig;
import io.descent.optim.ChainOptimizer;
import io.descent.optim.NewtonCg;
import io.descent.optim.NewtonCgConfig;
import io.descent.optim.Optimizers;
import io.descent.optim.SgdConfig;
import io.descent.report.LineChart;
import io.descent.report.Palette;
import io.descent.report.Section;
import io.descent.report.Table;
import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Section 11: Hessian-free optimization (Newton-CG on the Gauss-Newton matrix, Martens 2010) against SGD and Adam
 * on the same float64 MLP (tanh, one hidden layer), all full-batch from the same initial weights, with the same
 * budget of passes over the training data (gradient = 1, Gauss-Newton product = 2, loss value = 1; Hessian-free
 * stops after the first step that reaches it, so it may use a few more, as the table says): a sample of
 * Fashion-MNIST when it is installed, else two noisy moons. The table gives the training loss after the budget and
 * the passes each method took to first reach the loss SGD ended at.
 */
final class HessianFreeSection implements Part {
    static final String SGD = "sgd(lr=0.1)";
    static final String ADAM = "adam(lr=0.01)";
    static final String HF = "newton_cg(gauss_newton=true, damping=0.001, max_cg=10)";

    @Override
    public String name() {
        return "hessian-free";
    }

    private record Run(String name, String spec, double[] passes, double[] loss) {
        double last() {
            return loss[loss.length - 1];
        }

        /** The first pass count at which the loss was at most {@code target}, or -1. */
        double passesTo(double target) {
            for (int i = 0; i < loss.length; i++) {
                if (loss[i] <= target) {
                    return passes[i];
                }
            }
            return -1;
        }
    }

    @Override
    public Section build(Figures f) throws IOException {
        Budget b = f.budget();
        int passes = 15 * b.netEpochs();
        Dataset train;
        String data;
        int in;
        int classes;
        if (f.fashion().isPresent()) {
            FashionMnist fm = f.fashion().get();
            train = Figures.sample(fm.train(), Math.min(b.netTrain(), 1000), 41).flattened();
            data = String.format("%d Fashion-MNIST training images", train.size());
            in = 784;
            classes = 10;
        } else {
            train = Synthetic.moons(b.synthetic(), 0.3, 42);
            data = String.format("%d points of two noisy moons (Fashion-MNIST is not installed)", train.size());
            in = 2;
            classes = 2;
        }
        int hidden = 16;
        Tensor x = train.features().to(DType.FLOAT64);
        Tensor y = train.targets();
        Loss loss = new CrossEntropyLoss();
        List<Run> runs = List.of(
                firstOrder("SGD", SGD, ps -> Optimizers.sgd(ps, SgdConfig.defaults().withLr(0.1)), in, hidden, classes,
                        x, y, loss, passes),
                firstOrder("Adam", ADAM, ps -> Optimizers.adam(ps, AdamConfig.defaults().withLr(0.01)), in, hidden,
                        classes, x, y, loss, passes),
                hessianFree(in, hidden, classes, x, y, loss, passes));
        LineChart chart = new LineChart("Training loss against passes over the data", "passes (gradient = 1, "
                + "curvature product = 2)", "training loss (log scale)", new Palette()).logY();
        Table table = Table.of("method", "spec", "passes", "final train loss", "passes to SGD's final loss");
        double target = Figures.round4(runs.get(0).last());
        for (Run r : runs) {
            chart.series(r.name(), r.passes(), r.loss());
            double to = r.passesTo(target);
            table = table.row(r.name(), r.spec(), (long) r.passes()[r.passes().length - 1], Figures.round4(r.last()),
                    to < 0 ? "not reached" : (Object) (long) to);
        }
        List<String> images = List.of(f.save(chart, "11-hessian-free", Figures.WIDE_WIDTH, Figures.WIDE_HEIGHT));
        Run hf = runs.get(2);
        double hfTo = hf.passesTo(target);
        String measured = String.format("On %s with a %d-%d-%d tanh MLP and a budget of %d passes each (Hessian-free's last step may end past it), full-batch from the "
                + "same weights, SGD ended at training loss %s, Adam at %s and Hessian-free at %s; Hessian-free %s.",
                data, in, hidden, classes, passes, Figures.n(target), Figures.n(Figures.round4(runs.get(1).last())),
                Figures.n(Figures.round4(hf.last())), hfTo < 0 ? "did not reach SGD's final loss"
                        : "reached SGD's final loss after " + (long) hfTo + " passes");
        return new Section("Hessian-free optimization against SGD and Adam", measured, images, table);
    }

    private static Module mlp(int in, int hidden, int classes) {
        Rng rng = new Rng(43);
        return new Sequential(new Linear(in, hidden, true, DType.FLOAT64, rng), new Tanh(),
                new Linear(hidden, classes, true, DType.FLOAT64, rng));
    }

    private static Run firstOrder(String name, String spec, Function<List<io.descent.nn.Parameter>, ChainOptimizer> make,
                                  int in, int hidden, int classes, Tensor x, Tensor y, Loss loss, int passes) {
        Module net = mlp(in, hidden, classes);
        ChainOptimizer opt = make.apply(net.parameters());
        double[] p = new double[passes + 1];
        double[] l = new double[passes + 1];
        for (int step = 0; step <= passes; step++) {
            opt.zeroGrad();
            Tensor value = loss.apply(net.forward(x), y);
            p[step] = step;
            l[step] = value.item();
            if (step < passes) {
                value.backward();
                opt.step();
            }
        }
        return new Run(name, spec, p, l);
    }

    private static Run hessianFree(int in, int hidden, int classes, Tensor x, Tensor y, Loss loss, int passes) {
        Module net = mlp(in, hidden, classes);
        ModelCurvature objective = new ModelCurvature(net, loss, x, y);
        NewtonCgConfig config = NewtonCgConfig.defaults().withGaussNewton(true).withDamping(1e-3).withMaxCg(10);
        NewtonCg hf = new NewtonCg(objective, config);
        double[] w = objective.read();
        List<double[]> points = new ArrayList<>();
        points.add(new double[] {0, objective.value(w)});
        int used = 0;
        while (used < passes) {     // the last step may end past the budget: the table gives the passes used
            NewtonCg.Step s = hf.step(w);
            used += s.passes();
            points.add(new double[] {used, s.value()});
        }
        return new Run("Hessian-free", HF, points.stream().mapToDouble(q -> q[0]).toArray(),
                points.stream().mapToDouble(q -> q[1]).toArray());
    }
}
