package io.descent.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * Each schedule alone, as a function of the step: against PyTorch 1.13's schedulers (the fixture
 * schedules.json, base lr 1 so that lr = factor), by their definitions, and composed with warm-up.
 */
class SchedulesTest {

    static JsonNode torch() throws IOException {
        try (InputStream in = SchedulesTest.class.getResourceAsStream("/fixtures/optim/schedules.json")) {
            return new ObjectMapper().readTree(in).get("schedules");
        }
    }

    static void matchesTorch(Schedule s, JsonNode fixture) {
        JsonNode lr = fixture.get("lr");
        for (int t = 0; t < lr.size(); t++) {
            assertThat(s.at(t)).as("step %d", t).isCloseTo(lr.get(t).asDouble(), within(1e-12));
        }
    }

    @Test
    void stepDecayMatchesStepLR() throws IOException {
        JsonNode f = torch().get("step");
        matchesTorch(Schedules.step(f.get("stepSize").asLong(), f.get("gamma").asDouble()), f);
    }

    @Test
    void multiStepDecayMatchesMultiStepLR() throws IOException {
        JsonNode f = torch().get("multiStep");
        long[] milestones = new long[f.get("milestones").size()];
        for (int i = 0; i < milestones.length; i++) {
            milestones[i] = f.get("milestones").get(i).asLong();
        }
        matchesTorch(Schedules.multiStep(milestones, f.get("gamma").asDouble()), f);
    }

    @Test
    void exponentialDecayMatchesExponentialLR() throws IOException {
        JsonNode f = torch().get("exponential");
        matchesTorch(Schedules.exponential(f.get("gamma").asDouble()), f);
    }

    @Test
    void cosineAnnealingMatchesCosineAnnealingLRUpToItsPeriod() throws IOException {
        JsonNode f = torch().get("cosine");
        matchesTorch(Schedules.cosine(f.get("tMax").asLong(), f.get("minFactor").asDouble()), f);
    }

    @Test
    void warmupThenCosineMatchesLinearLRThenCosineAnnealingLR() throws IOException {
        JsonNode f = torch().get("warmupCosine");
        matchesTorch(Schedules.warmup(f.get("warmup").asLong(),
                Schedules.cosine(f.get("tMax").asLong(), f.get("minFactor").asDouble())), f);
    }

    @Property(tries = 200)
    void cosineFallsFromOneToItsFloorAndStaysThere(@ForAll @LongRange(min = 1, max = 1000) long period,
                                                   @ForAll @LongRange(min = 0, max = 3000) long t) {
        Schedule s = Schedules.cosine(period, 0.1);
        assertThat(s.at(0)).isEqualTo(1);
        assertThat(s.at(t)).isBetween(0.1, 1.0);
        assertThat(s.at(t + 1)).isLessThanOrEqualTo(s.at(t));
        if (t >= period) {
            assertThat(s.at(t)).isEqualTo(0.1);
        }
    }

    @Property(tries = 200)
    void warmupClimbsLinearlyThenHandsOverToTheInnerSchedule(@ForAll @LongRange(min = 1, max = 100) long steps,
                                                             @ForAll @LongRange(min = 0, max = 500) long t) {
        Schedule inner = Schedules.exponential(0.99);
        Schedule s = Schedules.warmup(steps, inner);
        if (t < steps) {
            assertThat(s.at(t)).isCloseTo((t + 1.0) / steps, within(1e-15));
        } else {
            assertThat(s.at(t)).isEqualTo(inner.at(t - steps));
        }
        assertThat(s.at(steps - 1)).isEqualTo(inner.at(0));
    }

    @Test
    void aScheduleIsAPureFunction() {
        Schedule s = Schedules.warmup(3, Schedules.step(2, 0.5));
        double[] first = {s.at(7), s.at(0), s.at(4)};
        double[] again = {s.at(7), s.at(0), s.at(4)};
        assertThat(again).containsExactly(first);
        assertThat(Schedules.constant().at(1_000_000)).isEqualTo(1);
        assertThat(Schedules.warmup(4).at(1)).isEqualTo(0.5);
    }

    @Test
    void settingsAreValidatedWithTheirRange() {
        assertThatThrownBy(() -> Schedules.step(0, 0.5)).hasMessage("step decay: step size = 0 is outside [1, inf)");
        assertThatThrownBy(() -> Schedules.exponential(1.5)).hasMessage("exponential decay: gamma = 1.5 is outside [0, 1]");
        assertThatThrownBy(() -> Schedules.cosine(10, -0.1)).hasMessage("cosine annealing: min factor = -0.1 is outside [0, 1]");
        assertThatThrownBy(() -> Schedules.multiStep(new long[] {5, 3}, 0.1)).hasMessageContaining("increasing");
        assertThatThrownBy(() -> Schedules.constant().at(-1)).hasMessage("schedule: step = -1 is outside [0, inf)");
    }
}
