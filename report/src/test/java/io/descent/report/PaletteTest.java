package io.descent.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PaletteTest {

    @Test
    void optimizerNamesGetTheirFixedStyleWhateverCameBefore() {
        Palette first = new Palette();
        Palette second = new Palette();
        second.style("train loss");
        second.style("validation loss");
        for (String name : Palette.fixedNames()) {
            assertThat(second.style(name)).isEqualTo(first.style(name));
        }
        assertThat(first.style("Adam ")).isEqualTo(first.style("adam"));
        assertThat(first.color("adam")).isEqualTo(Palette.BLUE);
        assertThat(first.color("sgd")).isEqualTo(Palette.BLACK);
    }

    @Test
    void theThirteenOptimizersLookDifferent() {
        Palette p = new Palette();
        List<String> names = List.of("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adadelta", "adam",
                "amsgrad", "adamw", "nadam", "adamax", "newton", "lbfgs");
        Set<Style> styles = new HashSet<>();
        for (String n : names) {
            styles.add(p.style(n));
        }
        assertThat(styles).hasSize(names.size());
    }

    @Test
    void otherNamesGetTheSameStyleForTheSameOrderOfRequests() {
        Palette a = new Palette();
        Palette b = new Palette();
        List<String> names = List.of("square", "log", "hinge", "adam", "train");
        for (String n : names) {
            assertThat(b.style(n)).isEqualTo(a.style(n));
        }
        // Asked again later, a name keeps its style.
        assertThat(a.style("square")).isEqualTo(b.style("square"));
        // A new name never takes a style a name in this palette holds, while free styles remain.
        Set<Style> held = new HashSet<>();
        Palette c = new Palette();
        c.style("adam");
        held.add(c.style("adam"));
        for (int k = 0; k < 20; k++) {
            assertThat(held.add(c.style("series " + k))).isTrue();
        }
    }

    @Test
    void classColoursAreTheOkabeItoOnesAndBoundedInNumber() {
        assertThat(Palette.classColor(0)).isEqualTo(Palette.BLUE);
        assertThat(Palette.classColor(1)).isEqualTo(Palette.VERMILLION);
        assertThatThrownBy(() -> Palette.classColor(Palette.classCount())).hasMessageContaining("class index");
        assertThat(Palette.lighten(Palette.BLACK, 1)).isEqualTo(java.awt.Color.WHITE);
    }

    @Test
    void blankNamesFailLoudly() {
        assertThatThrownBy(() -> new Palette().style(" ")).hasMessageContaining("non-blank");
    }
}
