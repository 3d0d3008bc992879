package io.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.descent.InvalidInputException;
import io.descent.schedule.CosineWarmRestarts;
import io.descent.schedule.OneCycle;
import io.descent.train.Trainer;
import org.junit.jupiter.api.Test;

/** The specs one_cycle(...) and cosine_restarts(...) carry every setting into the schedule. */
class CyclicScheduleSpecsTest {

    @Test
    void oneCycleTakesPyTorchsNamesAndCountsSteps() {
        ScheduleSpecs.Parsed p = ScheduleSpecs.parse(
                "one_cycle(total_steps=200, pct_start=0.25, div_factor=10, final_div_factor=100, anneal=linear)");
        assertThat(p.schedule()).isEqualTo(new OneCycle(200, 0.25, 10, 100, false, 0.85, 0.95));
        assertThat(p.unit()).isEqualTo(Trainer.ScheduleUnit.STEP);
        assertThat(ScheduleSpecs.parse("one_cycle").schedule()).isEqualTo(OneCycle.of(1000));
        assertThat(ScheduleSpecs.parse("one_cycle(total_steps=20, unit=epoch)").unit()).isEqualTo(Trainer.ScheduleUnit.EPOCH);
    }

    @Test
    void cosineRestartsTakesT0TMultAndTheFloor() {
        assertThat(ScheduleSpecs.parse("cosine_restarts(t_0=5, t_mult=2, min_factor=0.01)").schedule())
                .isEqualTo(new CosineWarmRestarts(5, 2, 0.01));
        assertThat(ScheduleSpecs.parse("cosine_restarts").schedule()).isEqualTo(new CosineWarmRestarts(10, 1, 0));
    }

    @Test
    void badSettingsNameTheOption() {
        assertThatThrownBy(() -> ScheduleSpecs.parse("one_cycle(anneal=exp)")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--schedule").hasMessageContaining("anneal");
        assertThatThrownBy(() -> ScheduleSpecs.parse("cosine_restarts(t_0=0)")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("t_0");
        assertThatThrownBy(() -> ScheduleSpecs.parse("cosine_restarts(t_max=3)")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("t_max");
    }
}
