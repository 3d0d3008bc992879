package io.descent.data;


/**
 * Minibatches of a {@link Dataset}: each {@link #iterator()} is one epoch, in an order reshuffled from the
 * seed every epoch. Rows are copied into buffers allocated once, so an epoch allocates nothing per batch;
 * a batch is valid until the next one ({@link Batch#copy()} keeps it).
 *
 * <pre>{@code
 * DataLoader loader = new DataLoader(train, 128, true, false, 42);
 * for (int epoch = 0; epoch < 10; epoch++) {
 *     for (Batch b : loader) { step(b.x(), b.classes()); }
 * }
 * LoaderState saved = loader.state();   // into a checkpoint; loader.restore(saved) resumes the same shuffles
 * }</pre>
 */
public final class DataLoader extends RowLoader<Batch> {
    private final Dataset data;
    private final Batch full;
    private Batch tail;

    /**
     * @param batchSize samples per batch (the last one may be shorter)
     * @param shuffle   reshuffle every epoch (else the data set's order)
     * @param dropLast  drop the short last batch of an epoch
     * @param seed      seed of the shuffles
     */
    public DataLoader(Dataset dataset, int batchSize, boolean shuffle, boolean dropLast, long seed) {
        super(dataset.size(), batchSize, shuffle, dropLast, seed);
        this.data = dataset;
        int rows = Math.min(batchSize, dataset.size());
        full = new Batch(Rows.withRows(dataset.features(), rows), Rows.withRows(dataset.targets(), rows),
                dataset.isClassification() ? new int[rows] : null);
    }

    public Dataset dataset() {
        return data;
    }

    @Override
    Batch assemble(int[] order, int from, int count) {
        Batch b = count == full.size() ? full : tail(count);
        Rows.gather(data.features(), order, from, count, b.x());
        Rows.gather(data.targets(), order, from, count, b.y());
        if (b.classes() != null) {
            Rows.gatherClasses(data.targets(), order, from, count, b.classes());
        }
        return b;
    }

    /** The short last batch: views of the first rows of the full buffers (made once). */
    private Batch tail(int count) {
        if (tail == null || tail.size() != count) {
            tail = new Batch(full.x().sliceRows(0, count), full.y().sliceRows(0, count),
                    full.classes() == null ? null : new int[count]);
        }
        return tail;
    }
}
