package io.descent.data;

import static io.descent.data.ChunkCacheFixtures.assertSameRows;
import static io.descent.data.ChunkCacheFixtures.randomChunk;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Whatever chunks go in, in whatever order, the same rows come out, through the writer's result and a re-open. */
class ChunkCacheRoundTripTest {

    @Property(tries = 60)
    void randomChunksInAnyOrderComeBackAsWritten(@ForAll long seed, @ForAll boolean sparse,
            @ForAll @IntRange(min = 0, max = 9) int chunks, @ForAll @IntRange(min = 0, max = 40) int maxRows,
            @ForAll @IntRange(min = 1, max = 13) int features) throws Exception {
        RowChunk.Kind kind = sparse ? RowChunk.Kind.SPARSE : RowChunk.Kind.DENSE;
        Random random = new Random(seed);
        Path dir = ChunkCacheFixtures.tempDir();
        try {
            Path source = ChunkCacheFixtures.writeSource(dir, "data.txt", "text " + seed);
            List<RowChunk> written = new ArrayList<>();
            for (int i = 0; i < chunks; i++) {
                written.add(randomChunk(kind, i, random.nextInt(maxRows + 1), features, random));
            }
            List<RowChunk> arrival = new ArrayList<>(written);
            Collections.shuffle(arrival, random);
            ChunkCache.Cached fromCommit;
            try (ChunkCache.Writer w = ChunkCache.create(dir.resolve("cache"), source, "fmt", kind, chunks)) {
                for (RowChunk c : arrival) {
                    w.add(c, 100 + c.index());
                }
                fromCommit = w.commit(features, Map.of("seed", Long.toString(seed)));
            }
            Optional<ChunkCache.Cached> reopened = ChunkCache.open(dir.resolve("cache"), source, "fmt");
            assertThat(reopened).as(ChunkCache.lastRejection()).isPresent();
            for (ChunkCache.Cached cached : List.of(fromCommit, reopened.get())) {
                assertThat(cached.kind()).isEqualTo(kind);
                assertThat(cached.features()).isEqualTo(features);
                assertThat(cached.chunks()).isEqualTo(chunks);
                assertThat(cached.metadata()).containsExactlyEntriesOf(Map.of("seed", Long.toString(seed)));
                assertThat(cached.rows()).isEqualTo(written.stream().mapToLong(RowChunk::rows).sum());
                long total = 0;
                // one reused chunk for every read, as the streaming loop does: stale longer arrays must not leak
                RowChunk into = new RowChunk(kind, features);
                for (int i = chunks - 1; i >= 0; i--) {
                    cached.read(i, into);
                    assertSameRows(into, written.get(i));
                    assertThat(cached.sourceBytes(i)).isEqualTo(100 + i);
                    total += 100 + i;
                }
                assertThat(cached.totalBytes()).isEqualTo(total);
                cached.close();
            }
        } finally {
            ChunkCacheFixtures.deleteTree(dir);
        }
    }
}
