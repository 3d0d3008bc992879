package io.descent.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The byte-level number parser against Float.parseFloat, the reference it must equal bit for bit. */
class NumbersProperties {

    @Provide
    Arbitrary<String> decimals() {
        Arbitrary<String> sign = Arbitraries.of("", "-", "+");
        Arbitrary<String> intPart = Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(12);
        Arbitrary<String> frac = Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(12);
        Arbitrary<String> exp = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.integers().between(-60, 60).map(e -> "e" + e),
                Arbitraries.integers().between(0, 60).map(e -> "E+" + e));
        return Combinators.combine(sign, intPart, frac, exp, Arbitraries.of(true, false))
                .filter((s, i, f, e, dot) -> !i.isEmpty() || (dot && !f.isEmpty()))
                .as((s, i, f, e, dot) -> s + i + (dot ? "." + f : "") + e);
    }

    @Property(tries = 3000)
    void equalsFloatParseFloat(@ForAll("decimals") String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        float expected = Float.parseFloat(text);
        float actual = Numbers.parseFloat(b, 0, b.length);
        assertThat(Float.floatToIntBits(actual)).as(text).isEqualTo(Float.floatToIntBits(expected));
    }

    @Property(tries = 2000)
    void shortDecimalsTakeTheFastPathExactly(@ForAll("shortDecimals") String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        assertThat(Numbers.parseFloat(b, 0, b.length)).as(text).isEqualTo(Float.parseFloat(text));
    }

    @Provide
    Arbitrary<String> shortDecimals() {
        return Arbitraries.integers().between(-9_999_999, 9_999_999).flatMap(m ->
                Arbitraries.integers().between(0, 7).map(point -> {
                    String digits = Integer.toString(Math.abs(m));
                    int at = Math.max(0, digits.length() - point);
                    return (m < 0 ? "-" : "") + digits.substring(0, at) + "." + digits.substring(at);
                }));
    }

    @Example
    void rejectsWhatIsNotAPlainDecimal() {
        for (String bad : new String[] {"", "-", "+", ".", "e5", "1e", "1e+", "1.2.3", "NaN", "Infinity", "0x1p3",
            "1f", "1d", " 1", "1 ", "1,5", "--1", "1e5.5", "abc"}) {
            byte[] b = bad.getBytes(StandardCharsets.US_ASCII);
            assertThat(Numbers.parseFloat(b, 0, b.length)).as("'%s'", bad).isNaN();
        }
    }

    @Example
    void outOfRangeIsInfiniteAndTinyIsZero() {
        byte[] big = "1e39".getBytes(StandardCharsets.US_ASCII);
        byte[] tiny = "-1e-60".getBytes(StandardCharsets.US_ASCII);
        assertThat(Numbers.parseFloat(big, 0, big.length)).isInfinite();
        assertThat(Float.floatToIntBits(Numbers.parseFloat(tiny, 0, tiny.length)))
                .isEqualTo(Float.floatToIntBits(-0f));
    }

    @Example
    void indicesArePositiveDecimalIntegersWithinInt() {
        byte[] b = "0 17 2147483647 2147483648 -3 +4 1.0".getBytes(StandardCharsets.US_ASCII);
        assertThat(Numbers.parseIndex(b, 0, 1)).isZero();
        assertThat(Numbers.parseIndex(b, 2, 4)).isEqualTo(17);
        assertThat(Numbers.parseIndex(b, 5, 15)).isEqualTo(Integer.MAX_VALUE);
        assertThat(Numbers.parseIndex(b, 16, 26)).isEqualTo(-1);
        assertThat(Numbers.parseIndex(b, 27, 29)).isEqualTo(-1);
        assertThat(Numbers.parseIndex(b, 30, 32)).isEqualTo(-1);
        assertThat(Numbers.parseIndex(b, 33, 36)).isEqualTo(-1);
    }
}
