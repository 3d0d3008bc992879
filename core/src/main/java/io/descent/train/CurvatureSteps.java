package io.descent.train;

import io.descent.InvalidInputException;
import io.descent.autograd.GradMode;
import io.descent.curvature.Float64Copy;
import io.descent.curvature.ModelCurvature;
import io.descent.data.Dataset;
import io.descent.loss.Loss;
import io.descent.nn.Module;
import io.descent.nn.Parameter;
import io.descent.optim.Group;
import io.descent.optim.NewtonCg;
import io.descent.optim.Optimizer;
import io.descent.optim.OptimizerState;
import io.descent.optim.SaddleFreeNewton;
import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Newton-CG or saddle-free Newton as the loop's optimizer: one step on the full-batch loss per call, on a float64
 * twin of the model when the model is float32 (curvature products need float64; the twin's values are copied
 * back, rounded, after each step, and the point itself is kept in float64 between steps). Newton-CG's damping
 * lambda is its only state beyond the weights and goes into checkpoints.
 */
final class CurvatureSteps implements Optimizer {
    private final String name;
    private final Module model;
    private final Module twin;
    private final ModelCurvature objective;
    private final NewtonCg newtonCg;
    private final SaddleFreeNewton saddleFree;
    private double[] w;

    private CurvatureSteps(String name, Module model, Loss loss, Dataset train,
                           java.util.function.Function<ModelCurvature, Object> method) {
        this.name = name;
        this.model = model;
        this.twin = isFloat64(model) ? model : Float64Copy.of(model);
        this.objective = new ModelCurvature(twin, loss, train.features(), train.targets());
        Object m = method.apply(objective);
        this.newtonCg = m instanceof NewtonCg n ? n : null;
        this.saddleFree = m instanceof SaddleFreeNewton s ? s : null;
        this.w = objective.read();
    }

    static CurvatureSteps newtonCg(Module model, Loss loss, io.descent.optim.NewtonCgConfig config, Dataset train) {
        return new CurvatureSteps("newton_cg", model, loss, train, f -> new NewtonCg(f, config));
    }

    static CurvatureSteps saddleFree(Module model, Loss loss, io.descent.optim.SaddleFreeConfig config, Dataset train) {
        return new CurvatureSteps("saddle_free", model, loss, train, f -> new SaddleFreeNewton(f, config));
    }

    private static boolean isFloat64(Module m) {
        for (Parameter p : m.parameters()) {
            if (p.value().dtype() != DType.FLOAT64) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void step() {
        if (newtonCg != null) {
            newtonCg.step(w);
        } else {
            saddleFree.step(w);
        }
        objective.value(w);     // leaves the twin at w (the last evaluation may have been a trial point)
        if (twin != model) {
            Map<String, Tensor> source = twin.stateDict();
            try (var scope = GradMode.disabled()) {
                model.stateDict().forEach((key, t) -> t.copyFrom(source.get(key).to(t.dtype())));
            }
        }
    }

    @Override
    public void zeroGrad() {
    }

    @Override
    public List<Group> groups() {
        return List.of();
    }

    @Override
    public OptimizerState state() {
        return newtonCg == null ? OptimizerState.of(Map.of(), Map.of("optimizer", name))
                : OptimizerState.of(Map.of(), Map.of("optimizer", name, "damping", Double.toString(newtonCg.damping())));
    }

    @Override
    public void load(OptimizerState state) {
        if (!state.optimizer().equals(name) || !state.tensors().isEmpty()) {
            throw new InvalidInputException("optimizer state", "entry 'optimizer'", "saved by '" + state.optimizer()
                    + "', cannot be loaded into '" + name + "'");
        }
        if (newtonCg != null) {
            String d = state.metadata().get("damping");
            double lambda;
            try {
                lambda = Double.parseDouble(d);
            } catch (NullPointerException | NumberFormatException e) {
                throw new InvalidInputException("optimizer state", "entry 'damping'", "a number (newton_cg's lambda), got "
                        + d);
            }
            if (!(lambda >= 0) || Double.isInfinite(lambda)) {
                throw new InvalidInputException("optimizer state", "entry 'damping'", "a number >= 0, got " + d);
            }
            newtonCg.setDamping(lambda);
        }
        if (twin != model) {
            Map<String, Tensor> source = model.stateDict();
            try (var scope = GradMode.disabled()) {
                twin.stateDict().forEach((key, t) -> t.copyFrom(source.get(key).to(DType.FLOAT64)));
            }
        }
        w = objective.read();     // the restored model's weights
    }
}
