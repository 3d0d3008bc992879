package io.descent.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.descent.InvalidInputException;
import io.descent.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one loss vocabulary: every name and alias, the canonical names, the error for any other name. */
class LossSpecTest {

    private static final Map<String, LossSpec> EXPECTED = Map.ofEntries(
            Map.entry("cross-entropy", LossSpec.crossEntropy()),
            Map.entry("crossentropy", LossSpec.crossEntropy()),
            Map.entry("ce", LossSpec.crossEntropy()),
            Map.entry("mse", LossSpec.square()),
            Map.entry("square", LossSpec.square()),
            Map.entry("log", LossSpec.log(Labels.PLUS_MINUS_ONE)),
            Map.entry("logistic", LossSpec.log(Labels.PLUS_MINUS_ONE)),
            Map.entry("log01", LossSpec.log(Labels.ZERO_ONE)),
            Map.entry("logistic01", LossSpec.log(Labels.ZERO_ONE)),
            Map.entry("hinge", LossSpec.hinge(Labels.PLUS_MINUS_ONE)),
            Map.entry("hinge01", LossSpec.hinge(Labels.ZERO_ONE)));

    @Test
    void everyNameAndAliasParsesToItsLoss() {
        EXPECTED.forEach((name, spec) -> assertThat(LossSpec.parse(name)).as(name).isEqualTo(spec));
    }

    @Test
    void namesAreCaseInsensitiveAndTrimmed() {
        assertThat(LossSpec.parse(" Cross-Entropy ")).isEqualTo(LossSpec.crossEntropy());
        assertThat(LossSpec.parse("HINGE01")).isEqualTo(LossSpec.hinge(Labels.ZERO_ONE));
    }

    @Test
    void eachCanonicalNameParsesBackToItsLoss() {
        assertThat(LossSpec.NAMES).hasSize(6);
        for (String name : LossSpec.NAMES) {
            assertThat(LossSpec.parse(name).name()).isEqualTo(name);
        }
        EXPECTED.forEach((name, spec) -> assertThat(LossSpec.parse(spec.name())).as(name).isEqualTo(spec));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bogus", "", "cross_entropy", "l2", "log-01"})
    void anyOtherNameFailsListingTheValidOnes(String name) {
        assertThatThrownBy(() -> LossSpec.parse(name)).isInstanceOf(InvalidInputException.class)
                .hasMessage("--loss, '" + name + "': unknown loss; valid: cross-entropy (or crossentropy, ce), "
                        + "mse (or square), log (or logistic), log01 (or logistic01), hinge, hinge01");
    }

    @Test
    void noNameFailsTheSameWay() {
        assertThatThrownBy(() -> LossSpec.parse(null)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown loss; valid: cross-entropy");
    }

    @Test
    void kindsSayWhatTheyTake() {
        assertThat(LossSpec.parse("ce").isClassification()).isTrue();
        assertThat(LossSpec.parse("ce").isMargin()).isFalse();
        assertThat(LossSpec.parse("mse").isClassification()).isFalse();
        assertThat(LossSpec.parse("mse").isMargin()).isFalse();
        for (String margin : new String[] {"log", "log01", "hinge", "hinge01"}) {
            assertThat(LossSpec.parse(margin).isMargin()).as(margin).isTrue();
            assertThat(LossSpec.parse(margin).isClassification()).as(margin).isFalse();
        }
    }

    @Test
    void withLabelsChangesOnlyTheMarginLosses() {
        assertThat(LossSpec.parse("log01").withLabels(Labels.PLUS_MINUS_ONE)).isEqualTo(LossSpec.parse("log"));
        assertThat(LossSpec.parse("hinge").withLabels(Labels.ZERO_ONE)).isEqualTo(LossSpec.parse("hinge01"));
        assertThat(LossSpec.square().withLabels(Labels.ZERO_ONE)).isEqualTo(LossSpec.square());
        assertThat(LossSpec.crossEntropy().withLabels(Labels.ZERO_ONE)).isEqualTo(LossSpec.crossEntropy());
    }

    @Test
    void createBuildsTheLossWithItsLabelsAndReduction() {
        Tensor s = Tensor.of(new double[] {2, -1}, 2, 1);
        Tensor pm = Tensor.of(new double[] {1, -1}, 2, 1);
        Tensor zo = Tensor.of(new double[] {1, 0}, 2, 1);
        assertThat(LossSpec.parse("log").create(Reduction.SUM).apply(s, pm).item())
                .isEqualTo(new LogLoss(Labels.PLUS_MINUS_ONE, Reduction.SUM).apply(s, pm).item());
        assertThat(LossSpec.parse("log01").create(Reduction.MEAN).apply(s, zo).item())
                .isEqualTo(new LogLoss().apply(s, pm).item());
        assertThat(LossSpec.parse("hinge01").create(Reduction.SUM).apply(s, zo).item())
                .isEqualTo(new HingeLoss(Labels.PLUS_MINUS_ONE, Reduction.SUM).apply(s, pm).item());
        assertThat(LossSpec.parse("mse").create(Reduction.SUM).apply(s, pm).item()).isEqualTo(1 + 0);
        assertThat(LossSpec.parse("ce").create(Reduction.MEAN)).isInstanceOf(CrossEntropyLoss.class);
        assertThatThrownBy(() -> LossSpec.parse("log").create(Reduction.MEAN).apply(s, zo))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1 or +1");
    }

    @Test
    void kindAndLabelsMustBeGiven() {
        assertThatThrownBy(() -> new LossSpec(null, Labels.ZERO_ONE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LossSpec(LossSpec.Kind.LOG, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
