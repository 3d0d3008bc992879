package io.descent.optim;

import io.descent.InvalidInputException;
import io.descent.nn.Parameter;
import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Limited-memory BFGS (Liu and Nocedal 1989) as {@code torch.optim.LBFGS}, statement by statement, so that
 * its float64 trajectories match PyTorch's. Each {@link #step} runs up to {@code maxIter} iterations of
 *
 * <pre>
 *   d = -H g            H: the inverse Hessian estimate from the last m pairs s = w_{k+1} - w_k, y = g_{k+1} - g_k
 *                          (two-loop recursion, initial scale s'y / y'y), pairs with s'y &lt;= 1e-10 skipped
 *   w &lt;- w + t d        t = eta (eta min(1, 1/|g|_1) on the very first iteration), or the strong-Wolfe step
 * </pre>
 *
 * and stops early when max |g_i| &lt;= toleranceGrad, when max |t d_i| or the change of the loss is below
 * toleranceChange, or after maxEval evaluations. The history lives in float64 whatever the parameters'
 * type; float32 parameters receive w + t d rounded to float.
 *
 * <pre>{@code
 * Lbfgs opt = Optimizers.lbfgs(params, LbfgsConfig.defaults().withStrongWolfe(true));
 * opt.step(() -> { opt.zeroGrad(); Tensor l = objective(params); l.backward(); return l.item(); });
 * }</pre>
 *
 * <p>The history's vectors concatenate the parameters in the order the optimizer was given them, so the
 * state records where each parameter lies in them, {@code param.<name>.offset}, with its shape,
 * {@code param.<name>.shape}, under its name or its position (see {@link ParamGroup}). Loading into an
 * optimizer over the same names in another order moves each parameter's part of every vector to where
 * this optimizer keeps it (the dot products then add in another order: equal, not to the last bit).
 */
public final class Lbfgs implements ClosureOptimizer {
    private static final String OFFSET = ".offset";
    private static final String SHAPE = ".shape";

    private final List<String> names;
    private final List<Parameter> parameters;
    private final LbfgsConfig config;
    private final Group group;
    private final int size;

    // PyTorch's state, kept across calls to step()
    private long funcEvals;
    private long nIter;
    private double[] d;
    private double t;
    private final List<double[]> oldDirs = new ArrayList<>();
    private final List<double[]> oldSteps = new ArrayList<>();
    private final List<Double> ro = new ArrayList<>();
    private double hDiag = 1;
    private double[] prevFlatGrad;
    private double prevLoss = Double.NaN;

    Lbfgs(List<String> names, List<Parameter> parameters, LbfgsConfig config) {
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("lbfgs: needs at least one parameter");
        }
        this.names = ParameterNames.checked("lbfgs", names);
        this.parameters = List.copyOf(parameters);
        this.config = config;
        this.group = new Group(parameters, config.lr(), 0);
        int n = 0;
        for (Parameter p : parameters) {
            n += p.size();
        }
        this.size = n;
    }

    @Override
    public double step(Closure closure) {
        double lr = group.lr();
        double origLoss = closure.evaluate();
        double loss = origLoss;
        int currentEvals = 1;
        funcEvals++;
        double[] flatGrad = gatherFlatGrad();
        boolean optCond = Vectors.maxAbs(flatGrad) <= config.toleranceGrad();
        if (optCond) {
            return origLoss;
        }
        int n = 0;
        while (n < config.maxIter()) {
            n++;
            nIter++;
            // direction
            if (nIter == 1) {
                d = Vectors.negated(flatGrad);
                oldDirs.clear();
                oldSteps.clear();
                ro.clear();
                hDiag = 1;
            } else {
                double[] y = Vectors.difference(flatGrad, prevFlatGrad);
                double[] s = Vectors.scaled(d, t);
                double ys = Vectors.dot(y, s);
                if (ys > 1e-10) {
                    if (oldDirs.size() == config.historySize()) {
                        oldDirs.remove(0);
                        oldSteps.remove(0);
                        ro.remove(0);
                    }
                    oldDirs.add(y);
                    oldSteps.add(s);
                    ro.add(1. / ys);
                    hDiag = ys / Vectors.dot(y, y);
                }
                d = twoLoop(flatGrad);
            }
            if (prevFlatGrad == null) {
                prevFlatGrad = flatGrad.clone();
            } else {
                System.arraycopy(flatGrad, 0, prevFlatGrad, 0, size);
            }
            prevLoss = loss;

            // step length
            if (nIter == 1) {
                t = StrongWolfe.pyMin(1., 1. / Vectors.sumAbs(flatGrad)) * lr;
            } else {
                t = lr;
            }
            double gtd = Vectors.dot(flatGrad, d);
            if (gtd > -config.toleranceChange()) {
                break;                                  // not a descent direction any more
            }
            int lsFuncEvals = 0;
            if (config.strongWolfe()) {
                double[] xInit = cloneParameters();
                double[] direction = d;
                StrongWolfe.Result r = StrongWolfe.search(
                        step -> directionalEvaluate(closure, xInit, step, direction), t, d, loss, flatGrad, gtd);
                loss = r.value();
                flatGrad = r.gradient();
                t = r.t();
                lsFuncEvals = r.evaluations();
                addToParameters(t, d);
                optCond = Vectors.maxAbs(flatGrad) <= config.toleranceGrad();
            } else {
                addToParameters(t, d);
                if (n != config.maxIter()) {
                    loss = closure.evaluate();
                    flatGrad = gatherFlatGrad();
                    optCond = Vectors.maxAbs(flatGrad) <= config.toleranceGrad();
                    lsFuncEvals = 1;
                }
            }
            currentEvals += lsFuncEvals;
            funcEvals += lsFuncEvals;

            if (n == config.maxIter() || currentEvals >= config.maxEval() || optCond) {
                break;
            }
            if (Vectors.maxAbs(Vectors.scaled(d, t)) <= config.toleranceChange()) {
                break;                                  // the step no longer moves
            }
            if (Math.abs(loss - prevLoss) < config.toleranceChange()) {
                break;                                  // the loss no longer moves
            }
        }
        return origLoss;
    }

    /** -H g by the two-loop recursion over the stored pairs (Nocedal and Wright 2006, algorithm 7.4). */
    private double[] twoLoop(double[] flatGrad) {
        int numOld = oldDirs.size();
        double[] al = new double[numOld];
        double[] q = Vectors.negated(flatGrad);
        for (int i = numOld - 1; i >= 0; i--) {
            al[i] = Vectors.dot(oldSteps.get(i), q) * ro.get(i);
            Vectors.addScaled(q, -al[i], oldDirs.get(i));
        }
        double[] r = Vectors.scaled(q, hDiag);
        for (int i = 0; i < numOld; i++) {
            double be = Vectors.dot(oldDirs.get(i), r) * ro.get(i);
            Vectors.addScaled(r, al[i] - be, oldSteps.get(i));
        }
        return r;
    }

    private StrongWolfe.Evaluation directionalEvaluate(Closure closure, double[] x, double step, double[] direction) {
        addToParameters(step, direction);
        double loss = closure.evaluate();
        double[] g = gatherFlatGrad();
        setParameters(x);
        return new StrongWolfe.Evaluation(loss, g);
    }

    private double[] gatherFlatGrad() {
        double[] out = new double[size];
        int offset = 0;
        for (Parameter p : parameters) {
            Tensor g = p.grad();
            if (g != null) {
                copy(g, out, offset);
            }
            offset += p.size();
        }
        return out;
    }

    private double[] cloneParameters() {
        double[] out = new double[size];
        int offset = 0;
        for (Parameter p : parameters) {
            copy(p.value(), out, offset);
            offset += p.size();
        }
        return out;
    }

    private static void copy(Tensor t, double[] out, int offset) {
        int o = t.offset();
        if (t.dtype() == DType.FLOAT64) {
            System.arraycopy(t.doubles(), o, out, offset, t.size());
        } else {
            float[] a = t.floats();
            for (int i = 0; i < t.size(); i++) {
                out[offset + i] = a[o + i];
            }
        }
    }

    /** w &lt;- w + step direction, PyTorch's {@code p.add_(update, alpha=step)}. */
    private void addToParameters(double step, double[] direction) {
        int offset = 0;
        for (Parameter p : parameters) {
            Tensor w = p.value();
            int o = w.offset();
            if (w.dtype() == DType.FLOAT64) {
                double[] a = w.doubles();
                for (int i = 0; i < w.size(); i++) {
                    a[o + i] = Math.fma(step, direction[offset + i], a[o + i]);
                }
            } else {
                float[] a = w.floats();
                for (int i = 0; i < w.size(); i++) {
                    a[o + i] = (float) Math.fma(step, direction[offset + i], a[o + i]);
                }
            }
            offset += w.size();
        }
    }

    private void setParameters(double[] x) {
        int offset = 0;
        for (Parameter p : parameters) {
            Tensor w = p.value();
            int o = w.offset();
            if (w.dtype() == DType.FLOAT64) {
                System.arraycopy(x, offset, w.doubles(), o, w.size());
            } else {
                float[] a = w.floats();
                for (int i = 0; i < w.size(); i++) {
                    a[o + i] = (float) x[offset + i];
                }
            }
            offset += w.size();
        }
    }

    @Override
    public void zeroGrad() {
        for (Parameter p : parameters) {
            p.zeroGrad();
        }
    }

    @Override
    public List<Group> groups() {
        return List.of(group);
    }

    public LbfgsConfig config() {
        return config;
    }

    private String description() {
        return "lbfgs(size=" + size + ", history=" + config.historySize() + ")";
    }

    @Override
    public OptimizerState state() {
        OptimizerState.Builder b = OptimizerState.builder("lbfgs", description())
                .put("lr", group.lr())
                .put("baseLr", group.baseLr())
                .put("func_evals", funcEvals)
                .put("n_iter", nIter)
                .put("t", t)
                .put("H_diag", hDiag)
                .put("prev_loss", prevLoss)
                .put("history", oldDirs.size());
        int offset = 0;
        for (int j = 0; j < parameters.size(); j++) {
            b.put(ParameterNames.PREFIX + names.get(j) + OFFSET, offset)
                    .put(ParameterNames.PREFIX + names.get(j) + SHAPE, parameters.get(j).value().shape().toString());
            offset += parameters.get(j).size();
        }
        if (d != null) {
            b.putCopy("d", Tensor.wrap(d, size));
        }
        if (prevFlatGrad != null) {
            b.putCopy("prev_flat_grad", Tensor.wrap(prevFlatGrad, size));
        }
        for (int i = 0; i < oldDirs.size(); i++) {
            b.putCopy("old_dirs." + i, Tensor.wrap(oldDirs.get(i), size));
            b.putCopy("old_stps." + i, Tensor.wrap(oldSteps.get(i), size));
        }
        double[] r = new double[ro.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = ro.get(i);
        }
        if (r.length > 0) {
            b.putCopy("ro", Tensor.wrap(r, r.length));
        }
        return b.build();
    }

    @Override
    public void load(OptimizerState state) {
        state.checkSavedBy("lbfgs", description());
        ParameterNames.check(ParameterNames.in(state.metadata().keySet(), OFFSET), names);
        Set<String> metadataKeys = new HashSet<>(List.of("optimizer", "description", "lr", "baseLr", "func_evals",
                "n_iter", "t", "H_diag", "prev_loss", "history"));
        int[] savedOffsets = savedOffsets(state, metadataKeys);
        Set<String> tensorKeys = new HashSet<>();
        double lr = state.nonNegative("lr");
        double baseLr = state.nonNegative("baseLr");
        double savedT = state.doubleValue("t");
        double savedHDiag = state.doubleValue("H_diag");
        double savedPrevLoss = state.doubleValue("prev_loss");
        long evals = state.longValue("func_evals");
        long iterations = state.longValue("n_iter");
        long savedHistory = state.longValue("history"); // checked before the cast: 2^32 + 1 is not 1
        if (savedHistory < 0 || savedHistory > config.historySize()) {
            throw new InvalidInputException(OptimizerState.SOURCE, "entry 'history'", savedHistory
                    + " pairs, outside [0, " + config.historySize() + "]");
        }
        int history = (int) savedHistory;
        double[] newD = reorder(optional(state, "d", tensorKeys), savedOffsets);
        double[] newPrev = reorder(optional(state, "prev_flat_grad", tensorKeys), savedOffsets);
        List<double[]> dirs = new ArrayList<>();
        List<double[]> steps = new ArrayList<>();
        for (int i = 0; i < history; i++) {
            dirs.add(reorder(required(state, "old_dirs." + i, size, tensorKeys), savedOffsets));
            steps.add(reorder(required(state, "old_stps." + i, size, tensorKeys), savedOffsets));
        }
        double[] r = history == 0 ? new double[0] : required(state, "ro", history, tensorKeys);
        state.checkOnly(tensorKeys, metadataKeys);

        group.restore(baseLr, lr, 0);
        funcEvals = evals;
        nIter = iterations;
        t = savedT;
        hDiag = savedHDiag;
        prevLoss = savedPrevLoss;
        d = newD;
        prevFlatGrad = newPrev;
        oldDirs.clear();
        oldDirs.addAll(dirs);
        oldSteps.clear();
        oldSteps.addAll(steps);
        ro.clear();
        for (double v : r) {
            ro.add(v);
        }
    }

    /**
     * Where each of this optimizer's parameters starts in the saved vectors, checked to tile them exactly:
     * every shape as this optimizer's, no two parts overlapping.
     */
    private int[] savedOffsets(OptimizerState state, Set<String> metadataKeys) {
        int[] out = new int[parameters.size()];
        Integer[] bySavedOffset = new Integer[out.length];
        for (int j = 0; j < out.length; j++) {
            String shapeKey = ParameterNames.PREFIX + names.get(j) + SHAPE;
            String shape = parameters.get(j).value().shape().toString();
            String saved = state.string(shapeKey);
            if (!saved.equals(shape)) {
                throw new InvalidInputException(OptimizerState.SOURCE, "entry '" + shapeKey + "'", "saved with shape "
                        + saved + ", this optimizer's parameter '" + names.get(j) + "' has " + shape);
            }
            String offsetKey = ParameterNames.PREFIX + names.get(j) + OFFSET;
            long o = state.longValue(offsetKey);
            if (o < 0 || o > size - parameters.get(j).size()) {
                throw new InvalidInputException(OptimizerState.SOURCE, "entry '" + offsetKey + "'", o
                        + " is outside [0, " + (size - parameters.get(j).size()) + "]");
            }
            out[j] = (int) o;
            bySavedOffset[j] = j;
            metadataKeys.add(shapeKey);
            metadataKeys.add(offsetKey);
        }
        Arrays.sort(bySavedOffset, Comparator.comparingInt(j -> out[j]));
        int expected = 0;
        for (int j : bySavedOffset) {
            if (out[j] != expected) {
                throw new InvalidInputException(OptimizerState.SOURCE, "entry '" + ParameterNames.PREFIX + names.get(j)
                        + OFFSET + "'", out[j] + " does not start where the parameter before it ends, at " + expected);
            }
            expected += parameters.get(j).size();
        }
        return out;
    }

    /** A saved vector with each parameter's part moved to where this optimizer keeps it; null stays null. */
    private double[] reorder(double[] saved, int[] savedOffsets) {
        if (saved == null) {
            return null;
        }
        double[] out = new double[size];
        int offset = 0;
        for (int j = 0; j < savedOffsets.length; j++) {
            int n = parameters.get(j).size();
            System.arraycopy(saved, savedOffsets[j], out, offset, n);
            offset += n;
        }
        return out;
    }

    private double[] optional(OptimizerState state, String key, Set<String> keys) {
        return state.tensors().containsKey(key) ? required(state, key, size, keys) : null;
    }

    private static double[] required(OptimizerState state, String key, int length, Set<String> keys) {
        keys.add(key);
        return state.tensor(key, DType.FLOAT64, io.descent.tensor.Shape.of(length)).toDoubleArray();
    }
}
