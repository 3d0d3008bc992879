package io.descent.data;

/**
 * The format-specific half of streaming: parses lines into a bounded buffer of rows, then copies rows of
 * the buffer, in any order, into reused batch buffers of type {@code B}.
 */
abstract class RowBuffer<B> {
    private float maxLabel = -1;

    /** Reads the header line, for formats that have one. */
    void header(byte[] b, int s, int e, long line) {
    }

    /** Whether the file starts with a header line. */
    boolean hasHeader() {
        return false;
    }

    /** Parses a line and appends its row; false for a line without a row (blank, comment). */
    abstract boolean parse(byte[] b, int s, int e, long line);

    /** Rows held. */
    abstract int rows();

    /** Forgets the rows held, keeping the storage. */
    abstract void clear();

    /** Called once after the file is indexed: allocates the batch buffers. */
    abstract void prepare(int batchSize, int numClasses, int numFeatures);

    /** Copies buffered row {@code row} into slot {@code slot} of the batch being assembled. */
    abstract void copyToBatch(int row, int slot);

    /** The batch made of the first {@code count} slots. */
    abstract B batch(int count);

    /** Number of features: CSV columns but the label, or the largest LIBSVM index. */
    abstract int numFeatures();

    void noteLabel(float label) {
        maxLabel = Math.max(maxLabel, label);
    }

    /** The largest label parsed so far. */
    float maxLabel() {
        return maxLabel;
    }
}
