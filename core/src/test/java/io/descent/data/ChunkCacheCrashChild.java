package io.descent.data;

import java.nio.file.Path;
import java.util.Random;

/**
 * The child JVM of {@link ChunkCacheCrashTest}: starts the cache of {@code args[1]} in {@code args[0]}, writes two
 * of its three chunks, says {@code ready} and waits on standard input until it is killed, as a run dies mid-pass.
 */
public final class ChunkCacheCrashChild {
    private ChunkCacheCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        ChunkCache.Writer w = ChunkCache.create(Path.of(args[0]), Path.of(args[1]), "crash", RowChunk.Kind.DENSE, 3);
        Random random = new Random(1);
        w.add(ChunkCacheFixtures.randomChunk(RowChunk.Kind.DENSE, 0, 100, 8, random), 10);
        w.add(ChunkCacheFixtures.randomChunk(RowChunk.Kind.DENSE, 2, 100, 8, random), 10);
        System.out.println("ready");
        System.out.flush();
        System.in.read(); // never answered: the test kills this process
    }
}
