package io.descent.cli;

import io.descent.InvalidInputException;
import io.descent.schedule.OneCycle;
import io.descent.schedule.ReduceOnPlateau;
import io.descent.schedule.Schedule;
import io.descent.schedule.Schedules;
import io.descent.train.Trainer;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Learning-rate schedule specs: {@code step(step_size=10, gamma=0.1)}, {@code multistep(milestones=30:80,
 * gamma=0.1)}, {@code exponential(gamma=0.95)}, {@code cosine(t_max=100, min_factor=0)},
 * {@code warmup(steps=500)}, {@code constant}, and {@code plateau(factor=0.1, patience=10, mode=min,
 * threshold=1e-4, cooldown=0, monitor=val_loss)}. Any of the first five takes {@code warmup=N} (a linear
 * warm-up before it) and {@code unit=epoch|step} (what t counts; epoch by default).
 *
 * <p>{@code one_cycle(total_steps=1000, pct_start=0.3, div_factor=25, final_div_factor=1e4, anneal=cos)}
 * (Smith 2018, PyTorch's OneCycleLR; the optimizer's lr is the peak max_lr, t counts steps unless
 * {@code unit=epoch}) and {@code cosine_restarts(t_0=10, t_mult=1, min_factor=0)} (SGDR, Loshchilov and Hutter
 * 2017, PyTorch's CosineAnnealingWarmRestarts).
 */
public final class ScheduleSpecs {
    public static final List<String> NAMES = List.of("constant", "step", "multistep", "exponential", "cosine", "warmup",
            "one_cycle", "cosine_restarts", "plateau");
    private static final String OPTION = "--schedule";

    /** A parsed schedule: a function of t with its unit, or reduce-on-plateau with the metric it reads. */
    public record Parsed(Schedule schedule, Trainer.ScheduleUnit unit, ReduceOnPlateau plateau, String monitor) {
        public void applyTo(Trainer.Builder b) {
            if (schedule != null) {
                b.schedule(schedule, unit);
            }
            if (plateau != null) {
                b.plateau(plateau, monitor);
            }
        }
    }

    private ScheduleSpecs() {
    }

    public static Parsed parse(String text) {
        Spec s = Spec.parse(OPTION, text);
        if (!NAMES.contains(s.name())) {
            throw new InvalidInputException(OPTION, "'" + text + "'", "unknown schedule '" + s.name() + "'; valid: "
                    + String.join(", ", NAMES));
        }
        s.checkNoPositional();
        try {
            return build(s);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(OPTION, "'" + text + "'", e.getMessage());
        }
    }

    private static Parsed build(Spec s) {
        if (s.name().equals("plateau")) {
            ReduceOnPlateau.Config d = ReduceOnPlateau.Config.defaults();
            String mode = s.stringArg("mode", "min");
            if (!mode.equals("min") && !mode.equals("max")) {
                throw new IllegalArgumentException("mode = " + mode + ": expected min or max");
            }
            ReduceOnPlateau.Config c = d.withMode(mode.equals("min") ? ReduceOnPlateau.Mode.MIN : ReduceOnPlateau.Mode.MAX)
                    .withFactor(s.doubleArg("factor", d.factor())).withPatience(s.intArg("patience", d.patience()))
                    .withThreshold(s.doubleArg("threshold", d.threshold()), d.thresholdMode())
                    .withCooldown(s.intArg("cooldown", d.cooldown()));
            String monitor = s.stringArg("monitor", "val_loss");
            s.checkAllUsed(new LinkedHashSet<>(List.of("factor", "patience", "mode", "threshold", "cooldown", "monitor")));
            return new Parsed(null, Trainer.ScheduleUnit.EPOCH, new ReduceOnPlateau(c), monitor);
        }
        Schedule base = switch (s.name()) {
            case "constant" -> Schedules.constant();
            case "step" -> Schedules.step(s.intArg("step_size", 10), s.doubleArg("gamma", 0.1));
            case "multistep" -> {
                double[] ms = milestones(s);
                long[] m = new long[ms.length];
                for (int i = 0; i < ms.length; i++) {
                    m[i] = (long) ms[i];
                }
                yield Schedules.multiStep(m, s.doubleArg("gamma", 0.1));
            }
            case "exponential" -> Schedules.exponential(s.doubleArg("gamma", 0.95));
            case "cosine" -> Schedules.cosine(s.intArg("t_max", 100), s.doubleArg("min_factor", 0));
            case "warmup" -> Schedules.warmup(s.intArg("steps", 100));
            case "one_cycle" -> {
                OneCycle d = OneCycle.of(1000);
                String anneal = s.stringArg("anneal", "cos");
                if (!anneal.equals("cos") && !anneal.equals("linear")) {
                    throw new IllegalArgumentException("anneal = " + anneal + ": expected cos or linear");
                }
                yield new OneCycle(s.intArg("total_steps", 1000), s.doubleArg("pct_start", d.pctStart()),
                        s.doubleArg("div_factor", d.divFactor()), s.doubleArg("final_div_factor", d.finalDivFactor()),
                        anneal.equals("cos"), d.baseMomentum(), d.maxMomentum());
            }
            case "cosine_restarts" -> Schedules.cosineWarmRestarts(s.intArg("t_0", 10), s.intArg("t_mult", 1),
                    s.doubleArg("min_factor", 0));
            default -> throw new IllegalStateException(s.name());
        };
        int warmup = s.intArg("warmup", 0);
        Schedule schedule = warmup > 0 ? Schedules.warmup(warmup, base) : base;
        String unit = s.stringArg("unit", s.name().equals("one_cycle") ? "step" : "epoch");
        if (!unit.equals("epoch") && !unit.equals("step")) {
            throw new IllegalArgumentException("unit = " + unit + ": expected epoch or step");
        }
        s.checkAllUsed(new LinkedHashSet<>(List.of("step_size", "gamma", "milestones", "t_max", "min_factor", "steps",
                "warmup", "unit", "total_steps", "pct_start", "div_factor", "final_div_factor", "anneal", "t_0", "t_mult")));
        return new Parsed(schedule, unit.equals("step") ? Trainer.ScheduleUnit.STEP : Trainer.ScheduleUnit.EPOCH, null, null);
    }

    private static double[] milestones(Spec s) {
        double[] m = s.listArg("milestones");
        if (m == null) {
            throw new IllegalArgumentException("multistep needs milestones=a:b:c (epochs or steps)");
        }
        return m;
    }
}
