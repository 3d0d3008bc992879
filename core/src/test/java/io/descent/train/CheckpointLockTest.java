package io.descent.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.descent.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 19, items 6 and 9: one holder per checkpoint directory, and a killed write's temporaries removed. */
class CheckpointLockTest {

    @Test
    void aSecondHolderIsRefusedNamingTheDirectoryAndThePidUntilTheFirstCloses(@TempDir Path dir) throws IOException {
        Path ck = dir.resolve("a/b");
        try (CheckpointLock first = CheckpointLock.acquire(ck)) {
            assertThat(Files.readString(ck.resolve(CheckpointLock.FILE))).isEqualTo(Long.toString(ProcessHandle.current().pid()));
            assertThatThrownBy(() -> CheckpointLock.acquire(ck)).isInstanceOf(InvalidInputException.class)
                    .hasMessage(ck + ": another run holds this checkpoint directory (process "
                            + ProcessHandle.current().pid() + "); wait for it to end, or give another --checkpoint-dir");
        }
        try (CheckpointLock again = CheckpointLock.acquire(ck)) {
            assertThat(again.dir()).isEqualTo(ck);
        }
    }

    @Test
    void takingTheLockDeletesOnlyTheTemporariesOfCheckpointWrites(@TempDir Path dir) throws IOException {
        Path last = Files.writeString(dir.resolve(".last.safetensors.1a2b3c.tmp"), "x");
        Path epoch = Files.writeString(dir.resolve(".epoch-0004.safetensors.ff.tmp"), "x");
        Path model = Files.writeString(dir.resolve(".model.safetensors.1a2b.tmp"), "someone else's write");
        Path checkpoint = Files.writeString(dir.resolve(Checkpointer.LAST), "kept");
        try (CheckpointLock lock = CheckpointLock.acquire(dir)) {
            assertThat(lock.removedTemporaries()).isEqualTo(2);
        }
        assertThat(last).doesNotExist();
        assertThat(epoch).doesNotExist();
        assertThat(model).exists();
        assertThat(checkpoint).hasContent("kept");
    }
}
