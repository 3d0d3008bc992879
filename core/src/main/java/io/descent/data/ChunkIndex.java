package io.descent.data;

import io.descent.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where the chunks of a text file start. One sequential pass parses every line (so a malformed file fails
 * before training starts, never halfway through an epoch), counts the rows and records the byte offset of
 * every {@code chunkLines}-th line: chunk i is lines {@code [i * chunkLines, (i + 1) * chunkLines)} after
 * the header. Memory: one long per chunk and one chunk of rows.
 */
final class ChunkIndex {
    /** Chunk i spans bytes {@code [offsets[i], offsets[i + 1])}. */
    final long[] offsets;
    final int chunks;
    final int chunkLines;
    /** Line number of the first line of chunk 0 (2 after a header, else 1). */
    final long firstLine;
    final long rows;
    final int maxChunkBytes;
    final long fileSize;

    private ChunkIndex(long[] offsets, int chunks, int chunkLines, long firstLine, long rows, int maxChunkBytes,
            long fileSize) {
        this.offsets = offsets;
        this.chunks = chunks;
        this.chunkLines = chunkLines;
        this.firstLine = firstLine;
        this.rows = rows;
        this.maxChunkBytes = maxChunkBytes;
        this.fileSize = fileSize;
    }

    /** Scans {@code file}, parsing every line into {@code rows} (cleared after each chunk). */
    static ChunkIndex build(Path file, RowBuffer<?> rows, int chunkLines) {
        String source = file.toString();
        try (InputStream in = Files.newInputStream(file)) {
            LineScanner lines = new LineScanner(in, source);
            long firstLine = 1;
            if (rows.hasHeader()) {
                if (!lines.next()) {
                    throw new InvalidInputException(source, "line 1", "empty file; expected a header line");
                }
                rows.header(lines.buffer(), lines.start(), lines.end(), lines.lineNumber());
                firstLine = 2;
            }
            long[] offsets = new long[64];
            int chunks = 0;
            int inChunk = 0;
            long total = 0;
            long end = lines.nextOffset();
            while (lines.next()) {
                if (inChunk == 0) {
                    if (chunks + 1 >= offsets.length) {
                        offsets = Arrays.copyOf(offsets, 2 * offsets.length);
                    }
                    offsets[chunks++] = lines.lineOffset();
                }
                rows.parse(lines.buffer(), lines.start(), lines.end(), lines.lineNumber());
                end = lines.nextOffset();
                if (++inChunk == chunkLines) {
                    inChunk = 0;
                    total += rows.rows();
                    rows.clear();
                }
            }
            total += rows.rows();
            rows.clear();
            offsets[chunks] = end;
            int maxBytes = 0;
            for (int i = 0; i < chunks; i++) {
                long span = offsets[i + 1] - offsets[i];
                if (span > FloatList.MAX_SIZE) {
                    throw new InvalidInputException(source, "byte " + offsets[i], "a chunk of " + chunkLines
                            + " lines spans " + span + " bytes, more than one array holds; use fewer lines per chunk");
                }
                maxBytes = Math.max(maxBytes, (int) span);
            }
            return new ChunkIndex(offsets, chunks, chunkLines, firstLine, total, maxBytes, Files.size(file));
        } catch (IOException e) {
            throw new InvalidInputException(source, "", "cannot read: " + e, e);
        }
    }
}
