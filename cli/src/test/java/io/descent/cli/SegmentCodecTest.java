package io.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmentCodecTest {
    private static TrialCluster.Request request() {
        return new TrialCluster.Request(Map.of("data", "/d/train.csv", "seed", "7"), 3, "adam(lr=0.01)", 64,
                "mlp(784,100,10)", Map.of("lr", "0.01", "width", "100"), 2, 4, new byte[] {1, 2, 3, -4});
    }

    @Test
    void aRequestComesBackFieldForField() {
        TrialCluster.Request r = request();
        TrialCluster.Request back = SegmentCodec.decodeRequest(SegmentCodec.encode(r));
        assertThat(back).usingRecursiveComparison().ignoringFields("checkpoint").isEqualTo(r);
        assertThat(back.checkpoint()).containsExactly(1, 2, 3, -4);
    }

    @Test
    void aResultKeepsALongHistoryAndAMissingDivergence() {
        String json = "x".repeat(200_000);
        TrialCluster.Result r = new TrialCluster.Result(json, 1.5, null, new byte[0]);
        TrialCluster.Result back = SegmentCodec.decodeResult(SegmentCodec.encode(r));
        assertThat(back.historyJson()).isEqualTo(json);
        assertThat(back.seconds()).isEqualTo(1.5);
        assertThat(back.diverged()).isNull();
        assertThat(back.checkpoint()).isEmpty();
        TrialCluster.Result diverged = new TrialCluster.Result("{}", 2, "loss NaN at step 3", new byte[] {9});
        assertThat(SegmentCodec.decodeResult(SegmentCodec.encode(diverged)).diverged()).isEqualTo("loss NaN at step 3");
    }

    @Test
    void truncatedOrForeignBytesFailSayingWhat() {
        byte[] bytes = SegmentCodec.encode(request());
        assertThatThrownBy(() -> SegmentCodec.decodeRequest(Arrays.copyOf(bytes, bytes.length - 2)))
                .hasMessageContaining("tune segment request: truncated");
        byte[] foreign = bytes.clone();
        foreign[0] = 42;
        assertThatThrownBy(() -> SegmentCodec.decodeRequest(foreign)).hasMessageContaining("format version 42");
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> SegmentCodec.decodeRequest(longer)).hasMessageContaining("bytes left");
    }
}
