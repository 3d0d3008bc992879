package io.descent.optim;

import io.descent.nn.Parameter;
import java.util.List;

/**
 * The live settings of one parameter group inside an optimizer: its learning rate, which schedules change
 * between steps, and its weight decay. The base learning rate is the one the group started with; a
 * schedule's factor multiplies it (see {@link Optimizer#setLearningRateFactor}).
 */
public final class Group {
    private final List<Parameter> parameters;
    private double baseLr;
    private double lr;
    private double weightDecay;

    Group(List<Parameter> parameters, double lr, double weightDecay) {
        this.parameters = List.copyOf(parameters);
        this.baseLr = Check.nonNegative("parameter group", "lr", lr);
        this.lr = lr;
        this.weightDecay = Check.nonNegative("parameter group", "weight decay", weightDecay);
    }

    /** Resolves a user's group against the optimizer's defaults. */
    static Group resolve(ParamGroup spec, double defaultLr, double defaultWeightDecay) {
        return new Group(spec.parameters(), spec.lr().orElse(defaultLr), spec.weightDecay().orElse(defaultWeightDecay));
    }

    public List<Parameter> parameters() {
        return parameters;
    }

    /** The learning rate the next step uses. */
    public double lr() {
        return lr;
    }

    /** Sets the learning rate of the next steps; NaN, infinite and negative rates are refused. */
    public void setLr(double value) {
        lr = Check.nonNegative("parameter group", "lr", value);
    }

    /** The learning rate the group was built with, which schedule factors multiply. */
    public double baseLr() {
        return baseLr;
    }

    public double weightDecay() {
        return weightDecay;
    }

    public void setWeightDecay(double value) {
        weightDecay = Check.nonNegative("parameter group", "weight decay", value);
    }

    /** Restores the settings saved with an optimizer's state. */
    void restore(double savedBaseLr, double savedLr, double savedWeightDecay) {
        baseLr = Check.nonNegative("parameter group", "base lr", savedBaseLr);
        setLr(savedLr);
        setWeightDecay(savedWeightDecay);
    }
}
