package io.descent.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.descent.InvalidInputException;
import io.descent.data.Dataset;
import io.descent.data.Synthetic;
import io.descent.io.CheckpointFile;
import io.descent.loss.CrossEntropyLoss;
import io.descent.nn.Models;
import io.descent.nn.Module;
import io.descent.optim.AdamConfig;
import io.descent.optim.Optimizers;
import io.descent.train.Checkpointer;
import io.descent.train.EarlyStopping;
import io.descent.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints carry checksums like model files: a flipped bit anywhere in a checkpoint written by training
 * is detected, and the message names the file and the place; in the data it names the very tensor
 * (model weights, optimizer moments, early stopping's kept weights) that holds the changed byte.
 */
class CheckpointCorruptionTest {
    @TempDir
    Path dir;

    @Test
    void aFlippedBitAnywhereInACheckpointIsDetectedAndNamed() throws Exception {
        Dataset data = Synthetic.blobs(48, 3, 0.5, 1);
        Module model = Models.mlp(2, 3).hidden(6).batchNorm(true).dropout(0.2).seed(5).build();
        Trainer.builder().batchSize(16).callbacks(new EarlyStopping("train_loss", 3, 0, true), Checkpointer.every(dir, 1))
                .build().fit(model, new CrossEntropyLoss(),
                        Optimizers.adam(model.parameters(), AdamConfig.defaults().withAmsgrad(true)), data, null, 2);
        byte[] good = Files.readAllBytes(dir.resolve(Checkpointer.LAST));
        int dataStart = good.length - FuzzFiles.data(good).length;
        JsonNode header = FuzzFiles.JSON.readTree(FuzzFiles.header(good));
        Path scratch = Scratch.directory("descent-flipped"); // in memory: thousands of writes
        Path p = scratch.resolve("flipped.safetensors");
        int dataBytesNamed = 0;
        for (int i = 0; i < good.length; i++) {
            byte[] b = good.clone();
            b[i] ^= (byte) (1 << (i % 8));
            Files.write(p, b);
            InvalidInputException e = refused(p, "bit " + (i % 8) + " of byte " + i);
            assertThat(e.source()).isEqualTo(p.toString());
            assertThat(e.location()).as("byte %d", i).isNotEmpty();
            if (i >= dataStart) {
                String tensor = tensorAt(header, i - dataStart);
                assertThat(e.location()).as("byte %d", i).startsWith("tensor '" + tensor + "', bytes ");
                assertThat(e.getMessage()).contains("does not match its checksum");
                dataBytesNamed++;
            }
        }
        Scratch.delete(scratch);
        assertThat(dataBytesNamed).isEqualTo(good.length - dataStart).isGreaterThan(500);
        assertThat(header.toString()).contains("optim.param.0.adamStep").contains("extra.callback.0.best.");
    }

    private static InvalidInputException refused(Path p, String what) {
        try {
            CheckpointFile.read(p);
        } catch (InvalidInputException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(what + ": " + e, e);
        }
        throw new AssertionError(what + ": the changed checkpoint was read without complaint");
    }

    /** The tensor whose data_offsets hold {@code offset} of the data section. */
    private static String tensorAt(JsonNode header, long offset) {
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode o = e.getValue().get("data_offsets");
            if (o != null && o.get(0).asLong() <= offset && offset < o.get(1).asLong()) {
                return e.getKey();
            }
        }
        throw new AssertionError("no tensor holds data byte " + offset);
    }
}
