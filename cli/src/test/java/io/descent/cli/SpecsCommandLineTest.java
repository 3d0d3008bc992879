package io.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.InvalidInputException;
import io.descent.nn.Parameter;
import io.descent.optim.Optimizer;
import io.descent.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpecsCommandLineTest {

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "sgd(lr=0.1, momentum=0.9, nesterov=true)", "sgd(lr=0.1, momentum=0.9, dampening=0.1, weight_decay=1e-4)",
        "heavyball(lr=0.01, beta=0.9)", "nesterov(lr=0.01, beta=0.9)", "adagrad(lr=0.1)",
        "adagrad(lr=0.1, lr_decay=1e-3, initial_accumulator_value=0.1, eps=1e-10)", "rmsprop(lr=0.01, alpha=0.99)",
        "rmsprop(lr=0.01, alpha=0.9, eps=1e-6, momentum=0.5, centered=true)", "adadelta(lr=1.0, rho=0.9)",
        "adam(lr=1e-3, betas=0.9:0.999, amsgrad=true)", "amsgrad(lr=0.01)", "adamw(lr=0.01, weight_decay=0.01)",
        "nadam(lr=0.01)", "nadam(lr=0.01, momentum_decay=4e-3)", "adamax(lr=0.01)", "adam(lr=0.1, clip_norm=1.0)",
        "radam", "radam(lr=0.01, betas=0.8:0.99, eps=1e-6, weight_decay=0.01)", "lion", "lion(lr=0.01, betas=0.9:0.99, weight_decay=0.1)",
        "lamb", "lamb(lr=0.01, betas=0.9:0.99, eps=1e-8, weight_decay=0)", "lars", "lars(lr=1, momentum=0, weight_decay=0, trust_coefficient=0.02)",
        "adam(lr=0.1, lookahead_k=1, lookahead_alpha=0.5)",
        "sgd(lr=0.1, clip_value=0.5)", "newton", "newton(lr=1, damping=1e-6, max_params=100)", "lbfgs(lr=1, history_size=10)",
        "lbfgs(history_size=5, max_iter=3, line_search_fn=strong_wolfe)"})
    void everyOptimizerSpecParsesAndSteps(String text) {
        Spec s = OptimizerSpecs.parse(text);
        OptimizerSpecs.validate(s);
        if (!OptimizerSpecs.isFullBatch(s) && !s.name().equals("nesterov")) {
            Parameter p = new Parameter("w", Tensor.of(new double[] {1, -2}, 2));
            Optimizer o = OptimizerSpecs.optimizer(OptimizerSpecs.parse(text), List.of(p));
            p.value().setGrad(Tensor.of(new double[] {0.5, -0.25}, 2));
            o.step();
            assertThat(p.value().toDoubleArray()).isNotEqualTo(new double[] {1, -2});
        }
    }

    @Test
    void anOptimizerOverNamedParametersSavesItsStateUnderTheNames() {
        Map<String, Parameter> named = new LinkedHashMap<>();
        named.put("0.weight", new Parameter("weight", Tensor.of(new double[] {1, -2}, 2)));
        named.put("0.bias", new Parameter("bias", Tensor.of(new double[] {0.5}, 1)));
        Optimizer o = OptimizerSpecs.optimizer(OptimizerSpecs.parse("adam(lr=0.1, clip_norm=1)"), named);
        assertThat(o.state().metadata()).containsKeys("param.0.weight.step", "param.0.bias.step")
                .doesNotContainKey("param.0.step");
        Optimizer byPosition = OptimizerSpecs.optimizer(OptimizerSpecs.parse("adam"), List.copyOf(named.values()));
        assertThat(byPosition.state().metadata()).containsKeys("param.0.step", "param.1.step");
    }

    @ParameterizedTest
    @ValueSource(strings = {"step(step_size=10, gamma=0.1)", "multistep(milestones=30:80, gamma=0.1)", "exponential(gamma=0.95)",
        "cosine(t_max=100)", "cosine(t_max=20, min_factor=0.01, warmup=2)", "warmup(steps=500)", "constant",
        "step(step_size=3, unit=step)", "plateau(factor=0.5, patience=3)", "plateau(mode=max, monitor=val_accuracy)",
        "one_cycle", "one_cycle(total_steps=200, pct_start=0.25, div_factor=10, final_div_factor=100, anneal=linear)",
        "cosine_restarts", "cosine_restarts(t_0=5, t_mult=2, min_factor=0.01, unit=step)"})
    void everyScheduleSpecParses(String text) {
        ScheduleSpecs.Parsed p = ScheduleSpecs.parse(text);
        assertThat(p.schedule() != null || p.plateau() != null).isTrue();
        if (p.schedule() != null) {
            assertThat(p.schedule().at(0)).isPositive();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"adam(lr=-1)", "adam(betas=0.9)", "adam(betas=1.5:0.999)", "sgd(lr=fast)", "sgd(momentun=0.9)",
        "bogus", "adam(lr=0.1", "rmsprop(alpha=2)", "lbfgs(line_search_fn=maybe)", "adam(clip_norm=1, clip_value=1)",
        "sgd(lr=0.1, lr=0.2)", "adagrad(eps=-1)"})
    void badOptimizerSpecsExitWithStatus2AndAOneLineMessage(String text) {
        CliTestSupport.Result r = CliTestSupport.run("toy", "--function", "beale", "--optimizer", text, "--start", "1,1",
                "--steps", "1");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("descent: --optimizer").doesNotContain("\n").doesNotContain("at io.descent");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cosine(t_max=-1)", "step(gamma=2, step_size=0)", "nope", "plateau(mode=up)",
        "multistep(gamma=0.1)", "cosine(unit=hour)"})
    void badScheduleSpecsAreRefusedWithTheOption(String text) {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> ScheduleSpecs.parse(text)))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("--schedule");
        CliTestSupport.Result r = CliTestSupport.run("train", "--data", "moons", "--schedule", text);
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("descent: --schedule");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--data=nope", "--model=mlp(0)", "--model=resnet", "--loss=bogus", "--epochs=-1",
        "--validation-split=1.5", "--batch-size=0", "--data=csv:/no/such/file.csv", "--resume=/no/such/checkpoint"})
    void badTrainArgumentsExitWithStatus2(String arg) {
        CliTestSupport.Result r = CliTestSupport.run("train", "--data=moons", arg);
        assertThat(r.status()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("descent: ").doesNotContain("Exception").doesNotContain("\tat ");
    }
}
