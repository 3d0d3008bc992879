package io.descent.schedule;

import static io.descent.schedule.SchedulesTest.torch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** One-cycle and SGDR against PyTorch 1.13's OneCycleLR and CosineAnnealingWarmRestarts (schedules.json). */
class CyclicSchedulesTest {

    private static void matches(JsonNode expected, java.util.function.LongToDoubleFunction got, String what) {
        for (int t = 0; t < expected.size(); t++) {
            double want = expected.get(t).asDouble();
            assertThat(got.applyAsDouble(t)).as("%s at step %d", what, t).isCloseTo(want, within(1e-15 * Math.max(1, want)));
        }
    }

    @Test
    void oneCycleMatchesOneCycleLRWithItsMomentum() throws IOException {
        JsonNode f = torch().get("oneCycle");
        OneCycle s = Schedules.oneCycle(f.get("totalSteps").asLong());
        matches(f.get("lr"), s::at, "lr");
        matches(f.get("momentum"), s::momentumAt, "momentum");
        assertThat(s.at(0)).isCloseTo(1 / 25.0, within(1e-15));
        assertThat(s.at(1000)).isEqualTo(1 / 25.0 / 1e4);
    }

    @Test
    void linearOneCycleWithItsOwnSettingsMatches() throws IOException {
        JsonNode f = torch().get("oneCycleLinear");
        OneCycle s = new OneCycle(f.get("totalSteps").asLong(), f.get("pct_start").asDouble(), f.get("div_factor").asDouble(),
                f.get("final_div_factor").asDouble(), false, f.get("base_momentum").asDouble(),
                f.get("max_momentum").asDouble());
        matches(f.get("lr"), s::at, "lr");
        matches(f.get("momentum"), s::momentumAt, "momentum");
    }

    @Test
    void warmRestartsMatchCosineAnnealingWarmRestarts() throws IOException {
        for (String name : new String[] {"warmRestarts", "warmRestartsMult"}) {
            JsonNode f = torch().get(name);
            Schedule s = Schedules.cosineWarmRestarts(f.get("t0").asLong(), f.get("tMult").asLong(),
                    f.get("minFactor").asDouble());
            matches(f.get("lr"), s::at, name);
        }
    }

    @Test
    void restartsComeAtT0ThenEveryLongerCycle() {
        Schedule s = Schedules.cosineWarmRestarts(3, 2, 0);
        for (long restart : new long[] {0, 3, 9, 21, 45, 93}) {
            assertThat(s.at(restart)).as("restart at %d", restart).isEqualTo(1.0);
            assertThat(s.at(restart + 1)).isLessThan(1.0);
        }
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new OneCycle(100, 0.3, 0.5, 1e4, true, 0.85, 0.95)).hasMessageContaining("div factor");
        assertThatThrownBy(() -> new OneCycle(100, 1.0, 25, 1e4, true, 0.85, 0.95)).hasMessageContaining("pct start");
        assertThatThrownBy(() -> new OneCycle(4, 0.1, 25, 1e4, true, 0.85, 0.95)).hasMessageContaining("no step");
        assertThatThrownBy(() -> Schedules.cosineWarmRestarts(0, 1, 0)).hasMessageContaining("t_0");
        assertThatThrownBy(() -> Schedules.cosineWarmRestarts(5, 0, 0)).hasMessageContaining("t_mult");
    }
}
