package io.descent.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class NumbersTest {

    @Test
    void formatsForReading() {
        assertThat(Numbers.format(0.912345)).isEqualTo("0.9123");
        assertThat(Numbers.format(12.3456)).isEqualTo("12.35");
        assertThat(Numbers.format(123456.7)).isEqualTo("123457");
        assertThat(Numbers.format(0.5)).isEqualTo("0.5");
        assertThat(Numbers.format(2.0)).isEqualTo("2");
        assertThat(Numbers.format(-0.0)).isEqualTo("0");
        assertThat(Numbers.format(1.5e-7)).isEqualTo("1.5e-7");
        assertThat(Numbers.format(-2.345678e9)).isEqualTo("-2.346e9");
        assertThat(Numbers.format(1e-3)).isEqualTo("0.001");
        assertThat(Numbers.format(60000)).isEqualTo("60000");
        assertThat(Numbers.format(Long.MAX_VALUE)).isEqualTo("9223372036854775807");
        assertThat(Numbers.format(new BigDecimal("0.25"))).isEqualTo("0.25");
        assertThat(Numbers.format(Double.NaN)).isEqualTo("NaN");
        assertThat(Numbers.format(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
        assertThat(Numbers.format(0.1f)).isEqualTo("0.1");
    }
}
