package io.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Issue 19, item 8: toy keeps every step of its paths, so the steps it takes are bounded up front. */
class ToyStepBoundTest {

    @Test
    void aBillionNewtonStepsAreRefusedAtOnceNamingTheBound() {
        long start = System.nanoTime();
        CliTestSupport.Result r = CliTestSupport.run("toy", "--function", "rosenbrock", "--optimizer", "newton",
                "--start", "-1,1", "--steps", "1000000000");
        assertThat((System.nanoTime() - start) / 1e9).as("seconds").isLessThan(10);
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("descent: --steps: 1000000000: expected 0 to 1000000 (a toy path keeps every "
                + "step for its CSV and plot)\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void theBoundCountsTheStepsOfEveryOptimizerTogether() {
        CliTestSupport.Result r = CliTestSupport.run("toy", "--function", "beale", "--optimizer", "sgd(lr=0.01)",
                "--optimizer", "adam(lr=0.1)", "--start", "1,1.5", "--steps", "600000");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("600000 steps for each of 2 optimizers: at most 1000000 steps in all");
        CliTestSupport.Result ok = CliTestSupport.run("toy", "--function", "beale", "--optimizer", "newton",
                "--start", "1,1.5", "--steps", "1000");
        assertThat(ok.status()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("newton");
    }
}
