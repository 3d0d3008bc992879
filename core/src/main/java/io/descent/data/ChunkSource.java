package io.descent.data;

/**
 * A data file cut into chunks that can be read in any order, each into a {@link RowChunk}: the text of a CSV or
 * LIBSVM file cut at byte ranges, or the binary cache written on a first pass. Streaming training asks a source for
 * a fresh order of chunks each epoch and reads them on a background thread.
 *
 * <p>Implementations read each chunk with their own file handle or mapping, so that {@link #read} may be called
 * from several threads for different chunks at once.
 */
public interface ChunkSource extends AutoCloseable {

    RowChunk.Kind kind();

    /** Dense width, or the number of sparse columns (for text LIBSVM: as declared or found; 0 while unknown). */
    int features();

    /** Number of chunks. */
    int chunks();

    /** Bytes of the source file chunk {@code i} stands for, for MB/s and the ETA from the file size. */
    long sourceBytes(int chunk);

    /** Total bytes of the source file (the sum of {@link #sourceBytes}). */
    long totalBytes();

    /**
     * Fills {@code into} with the rows of chunk {@code chunk}, in file order. Fails with an
     * {@link io.descent.InvalidInputException} naming the file, line and field for bad input, and naming the file
     * when it changed since the source was opened.
     */
    void read(int chunk, RowChunk into);

    /** Releases file handles and mappings. */
    @Override
    void close();
}
