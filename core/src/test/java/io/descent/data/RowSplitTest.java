package io.descent.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RowSplitTest {

    @Test
    void holdsOutAboutTheFractionOfConsecutiveKeys() {
        RowSplit split = new RowSplit(0.2, 7);
        int n = 200_000;
        int held = 0;
        for (long k = 0; k < n; k++) {
            held += split.heldOut(k * 37) ? 1 : 0;  // line offsets of 37-byte lines
        }
        // binomial: sd = sqrt(n p (1 - p)) = 179; 5 sd either side
        assertThat(held).isBetween(40_000 - 900, 40_000 + 900);
    }

    @Test
    void theSameSeedAndKeyGiveTheSameAnswerAndAnotherSeedAnotherSplit() {
        RowSplit a = new RowSplit(0.5, 1);
        RowSplit b = new RowSplit(0.5, 1);
        RowSplit c = new RowSplit(0.5, 2);
        int differ = 0;
        for (long k = 0; k < 10_000; k++) {
            assertThat(a.heldOut(k)).isEqualTo(b.heldOut(k));
            differ += a.heldOut(k) != c.heldOut(k) ? 1 : 0;
        }
        assertThat(differ).isBetween(4_000, 6_000);
    }

    @Test
    void zeroHoldsOutNothingAndBadFractionsAreRefused() {
        RowSplit none = new RowSplit(0, 3);
        for (long k = 0; k < 1000; k++) {
            assertThat(none.heldOut(k)).isFalse();
        }
        assertThatThrownBy(() -> new RowSplit(1, 0)).hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> new RowSplit(Double.NaN, 0)).hasMessageContaining("[0, 1)");
    }
}
