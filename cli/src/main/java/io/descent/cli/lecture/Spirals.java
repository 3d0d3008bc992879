package io.descent.cli.lecture;

import io.descent.data.Dataset;
import io.descent.data.Split;
import io.descent.data.Synthetic;
import io.descent.loss.CrossEntropyLoss;
import io.descent.nn.Models;
import io.descent.nn.Module;
import io.descent.nn.Tanh;
import io.descent.report.Box;
import io.descent.report.DecisionBoundaryChart;
import io.descent.report.Section;
import io.descent.report.Table;
import io.descent.tensor.DType;
import io.descent.train.Evaluation;
import io.descent.train.History;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Section 2: not all data is linear: a linear model and an MLP on two spirals, with their decision boundaries. */
final class Spirals implements Part {
    static final int[] HIDDEN = {64, 64};
    static final String OPTIMIZER = "adam(lr=0.01)";
    private static final Box BOX = new Box(-1.3, 1.3, -1.3, 1.3);

    @Override
    public String name() {
        return "spirals";
    }

    @Override
    public Section build(Figures f) throws IOException {
        Budget b = f.budget();
        Split<Dataset> s = Split.trainValidation(Synthetic.spirals(b.spirals(), 0.04, 5), 0.2, 6);
        Dataset train = s.train();
        Dataset test = s.validation();
        Module linear = Models.linear(2, 2, 7, DType.FLOAT32);
        Module mlp = Models.mlp(2, 2).hidden(HIDDEN).activation(Tanh::new).seed(7).build();
        String[] names = {"linear model", "MLP (2 hidden layers of 64, tanh)"};
        Module[] models = {linear, mlp};
        CrossEntropyLoss loss = new CrossEntropyLoss();
        Table table = Table.of("model", "parameters", "epochs", "train loss", "train accuracy", "test accuracy");
        double[] accuracy = new double[2];
        List<String> images = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            History h = Fits.train(models[k], loss, OPTIMIZER, train, null, b.spiralEpochs(), 32, 8);
            Evaluation tr = Fits.evaluate(models[k], loss, train);
            accuracy[k] = Figures.round4(Fits.evaluate(models[k], loss, test).accuracy());
            table = table.row(names[k], models[k].parameterCount(), h.size(), Figures.round4(tr.loss()),
                    Figures.round4(tr.accuracy()), accuracy[k]);
            DecisionBoundaryChart chart = new DecisionBoundaryChart((k == 0 ? "Linear model" : "MLP") + ": test accuracy "
                    + Figures.n(accuracy[k]), BOX).probabilityGrid(Fits.grid(models[k], BOX, b.resolution(), true))
                    .points(Fits.column(train, 0), Fits.column(train, 1), Fits.classes(train))
                    .classNames("spiral 0", "spiral 1");
            images.add(f.save(chart, k == 0 ? "2-spirals-linear" : "2-spirals-mlp", Figures.HALF_WIDTH,
                    Figures.HALF_WIDTH));
        }
        String measured = String.format("Trained with %s for %d epochs on %d points of two spirals, the models reached "
                + "test accuracy %s (linear) and %s (MLP with two hidden layers of 64 units) on %d held-out points.",
                OPTIMIZER, b.spiralEpochs(), train.size(), Figures.n(accuracy[0]), Figures.n(accuracy[1]), test.size());
        return new Section("Not all data is linear: two spirals", measured, images, table);
    }
}
