package io.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --loss} takes core's one vocabulary: aliases train as their canonical names, others fail listing all. */
class LossNamesCommandTest {

    private static CliTestSupport.Result train(Path dir, String loss) {
        return CliTestSupport.run("train", "--data", "blobs(n=200, classes=2)", "--model", "linear", "--loss", loss,
                "--epochs", "2", "--save", dir.resolve(loss + ".safetensors").toString());
    }

    @Test
    void aliasesTrainExactlyAsTheirCanonicalName(@TempDir Path dir) {
        String[][] pairs = {{"cross-entropy", "ce"}, {"log", "logistic"}, {"log", "log01"}, {"hinge", "hinge01"}};
        for (String[] pair : pairs) {
            CliTestSupport.Result canonical = train(dir, pair[0]);
            CliTestSupport.Result alias = train(dir, pair[1]);
            assertThat(canonical.status()).as(canonical.err()).isZero();
            assertThat(alias.status()).as(alias.err()).isZero();
            assertThat(alias.lastLine()).as(pair[1]).startsWith("test accuracy ").isEqualTo(canonical.lastLine());
        }
    }

    @Test
    void anAliasOfMseStillNeedsRealValuedTargets(@TempDir Path dir) {
        CliTestSupport.Result r = train(dir, "square");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("--loss, 'mse': needs real-valued targets");
    }

    @Test
    void anUnknownNameListsTheValidOnes(@TempDir Path dir) {
        CliTestSupport.Result r = train(dir, "bogus");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("--loss, 'bogus': unknown loss; valid: cross-entropy (or crossentropy, ce), "
                + "mse (or square), log (or logistic), log01 (or logistic01), hinge, hinge01");
    }
}
