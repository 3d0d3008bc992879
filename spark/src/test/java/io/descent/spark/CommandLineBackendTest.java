package io.descent.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.train.DistributedBackend;
import org.junit.jupiter.api.Test;

/** The command line finds this module's backend through core's interface and the META-INF/services file. */
class CommandLineBackendTest {

    @Test
    void theServiceFileRegistersTheBackendUnderCoresInterface() {
        assertThat(DistributedBackend.find()).get().isInstanceOf(CommandLineBackend.class);
    }
}
