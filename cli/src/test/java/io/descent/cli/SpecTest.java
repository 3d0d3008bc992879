package io.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.descent.InvalidInputException;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class SpecTest {

    @Test
    void parsesNamedNumbersTuplesAndBooleans() {
        Spec s = Spec.parse("--optimizer", "adam(lr=1e-3, betas=0.9:0.999, amsgrad=true)");
        assertThat(s.name()).isEqualTo("adam");
        assertThat(s.doubleArg("lr", 0.1)).isEqualTo(1e-3);
        assertThat(s.tupleArg("betas", 0.5, 0.5)).containsExactly(0.9, 0.999);
        assertThat(s.boolArg("amsgrad", false)).isTrue();
        assertThat(s.doubleArg("eps", 1e-8)).isEqualTo(1e-8);
        s.checkAllUsed(Set.of("lr", "betas", "amsgrad", "eps"));
    }

    @Test
    void parsesBareNamesAndPositionalArguments() {
        assertThat(Spec.parse("--optimizer", "newton").name()).isEqualTo("newton");
        Spec mlp = Spec.parse("--model", "mlp(1000,1000, activation=relu, batchnorm=true, dropout=0.2)");
        assertThat(mlp.positionalInts()).containsExactly(1000, 1000);
        assertThat(mlp.stringArg("activation", "tanh")).isEqualTo("relu");
        assertThat(mlp.doubleArg("dropout", 0)).isEqualTo(0.2);
    }

    @Test
    void badSpecsNameTheOptionAndWhatWasExpected() {
        assertThatThrownBy(() -> Spec.parse("--optimizer", "adam(lr=fast)").doubleArg("lr", 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("--optimizer, 'adam(lr=fast)': lr = fast: expected a number");
        assertThatThrownBy(() -> Spec.parse("--optimizer", "adam(lr=0.1"))
                .hasMessageContaining("missing ')'");
        assertThatThrownBy(() -> Spec.parse("--optimizer", "adam(lr=0.1, lr=0.2)"))
                .hasMessageContaining("given twice");
        assertThatThrownBy(() -> Spec.parse("--optimizer", "adam(betas=0.9)").tupleArg("betas", 0.9, 0.999))
                .hasMessageContaining("expected 2 numbers separated by ':'");
        Spec typo = Spec.parse("--optimizer", "sgd(lr=0.1, momentun=0.9)");
        typo.doubleArg("lr", 0.1);
        typo.doubleArg("momentum", 0);
        assertThatThrownBy(() -> typo.checkAllUsed(Set.of("lr", "momentum")))
                .hasMessageContaining("unknown key 'momentun' for sgd; valid keys:");
    }

    /** Random text never escapes as anything but InvalidInputException. */
    @Property(tries = 2000)
    void randomTextOnlyFailsWithTheDocumentedError(@ForAll @StringLength(max = 60) String text) {
        checkOnlyDocumentedFailure(text);
    }

    @Property(tries = 2000)
    void mutatedSpecsOnlyFailWithTheDocumentedError(@ForAll("mutations") String text) {
        checkOnlyDocumentedFailure(text);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> mutations() {
        String base = "adam(lr=1e-3, betas=0.9:0.999, amsgrad=true)";
        return Arbitraries.integers().between(0, base.length() - 1).list().ofMaxSize(4).flatMap(positions ->
                Arbitraries.chars().ascii().list().ofSize(positions.size()).map(chars -> {
                    StringBuilder sb = new StringBuilder(base);
                    for (int i = 0; i < positions.size(); i++) {
                        sb.setCharAt(Math.min(positions.get(i), sb.length() - 1), chars.get(i));
                    }
                    return sb.toString();
                }));
    }

    private static void checkOnlyDocumentedFailure(String text) {
        try {
            Spec s = Spec.parse("--optimizer", text);
            s.doubleArg("lr", 0.1);
            s.tupleArg("betas", 0.9, 0.999);
            s.boolArg("amsgrad", false);
            s.positionalInts();
            s.checkAllUsed(Set.of("lr", "betas", "amsgrad"));
        } catch (InvalidInputException expected) {
            assertThat(expected.getMessage()).startsWith("--optimizer");
        }
    }
}
