package io.descent.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.descent.schedule.ReduceOnPlateau.Config;
import io.descent.schedule.ReduceOnPlateau.Mode;
import io.descent.schedule.ReduceOnPlateau.ThresholdMode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ReduceOnPlateauTest {

    @Test
    void matchesReduceLROnPlateau() throws IOException {
        JsonNode f = SchedulesTest.torch().get("plateau");
        Config c = Config.defaults().withFactor(f.get("factor").asDouble()).withPatience(f.get("patience").asInt())
                .withThreshold(f.get("threshold").asDouble(), ThresholdMode.RELATIVE).withCooldown(f.get("cooldown").asInt())
                .withMinFactor(f.get("minFactor").asDouble());
        ReduceOnPlateau plateau = new ReduceOnPlateau(c);
        JsonNode metrics = f.get("metrics");
        JsonNode lr = f.get("lr");
        for (int e = 0; e < metrics.size(); e++) {
            assertThat(plateau.factor()).as("epoch %d", e).isEqualTo(lr.get(e).asDouble());
            plateau.update(metrics.get(e).asDouble());
        }
    }

    @Test
    void reducesAfterMoreThanPatienceBadEpochsAndNeverBelowTheFloor() {
        ReduceOnPlateau p = new ReduceOnPlateau(Config.defaults().withPatience(1).withFactor(0.5).withMinFactor(0.2));
        assertThat(p.update(1.0)).isEqualTo(1);
        assertThat(p.update(1.0)).isEqualTo(1);       // one bad epoch: within patience
        assertThat(p.update(1.0)).isEqualTo(0.5);     // two: reduce
        assertThat(p.update(0.5)).isEqualTo(0.5);     // improvement
        p.update(0.5);
        assertThat(p.update(0.5)).isEqualTo(0.25);
        p.update(0.5);
        assertThat(p.update(0.5)).isEqualTo(0.2);     // floored
        p.update(0.5);
        assertThat(p.update(0.5)).isEqualTo(0.2);
    }

    @Test
    void maxModeWithAnAbsoluteThresholdWaitsForARise() {
        ReduceOnPlateau p = new ReduceOnPlateau(Config.defaults().withMode(Mode.MAX).withPatience(0)
                .withThreshold(0.05, ThresholdMode.ABSOLUTE));
        assertThat(p.update(0.80)).isEqualTo(1);      // better than -infinity
        assertThat(p.update(0.84)).isEqualTo(0.1);    // +0.04 is below the threshold: a bad epoch, patience 0
        assertThat(p.update(0.90)).isEqualTo(0.1);
    }

    @Test
    void itsStateCarriesAcrossACheckpoint() {
        double[] metrics = {3, 2, 2, 2, 2, 1.9, 1.9, 1.9, 1.9, 1.9};
        ReduceOnPlateau straight = new ReduceOnPlateau(Config.defaults().withPatience(2).withCooldown(1));
        ReduceOnPlateau first = new ReduceOnPlateau(Config.defaults().withPatience(2).withCooldown(1));
        for (int e = 0; e < 5; e++) {
            straight.update(metrics[e]);
            first.update(metrics[e]);
        }
        ReduceOnPlateau resumed = new ReduceOnPlateau(Config.defaults().withPatience(2).withCooldown(1));
        resumed.restore(first.state());
        for (int e = 5; e < metrics.length; e++) {
            assertThat(resumed.update(metrics[e])).isEqualTo(straight.update(metrics[e]));
        }
        assertThat(resumed.state()).isEqualTo(straight.state());
    }

    @Test
    void aNaNMetricIsRefused() {
        ReduceOnPlateau p = new ReduceOnPlateau(Config.defaults());
        assertThatThrownBy(() -> p.update(Double.NaN)).hasMessageContaining("metric of epoch 0 is NaN");
        assertThatThrownBy(() -> Config.defaults().withFactor(1)).hasMessage("reduce on plateau: factor = 1.0 is outside [0, 1)");
    }
}
