/**
 * Data for training: data sets in memory, minibatch loaders, readers of the usual file formats, streaming
 * of files larger than memory, and the lecture's synthetic pictures.
 *
 * <ul>
 *   <li>{@link io.descent.data.Dataset} (dense features [N, ...] and targets) and
 *       {@link io.descent.data.SparseDataset} (CSR rows, {@link io.descent.data.CsrMatrix}, multiplied
 *       by dense weights without densifying);</li>
 *   <li>{@link io.descent.data.DataLoader} and {@link io.descent.data.SparseDataLoader}: batches copied
 *       into reused buffers, reshuffled every epoch from a seed, with a {@link io.descent.data.LoaderState}
 *       that a checkpoint saves to resume mid-epoch;</li>
 *   <li>{@link io.descent.data.Split}, {@link io.descent.data.Standardizer},
 *       {@link io.descent.data.MinMaxScaler}: fitted on the training part only;</li>
 *   <li>readers {@link io.descent.data.IdxReader}, {@link io.descent.data.CsvReader},
 *       {@link io.descent.data.LibSvmReader} and {@link io.descent.data.FashionMnist}: on bad input they
 *       throw {@link io.descent.InvalidInputException} naming the file and the place, nothing else, and
 *       never return partial data;</li>
 *   <li>{@link io.descent.data.TextChunks} and {@link io.descent.data.StreamingRows}: LIBSVM or CSV files of any size, parsed on a background thread in shuffled chunks;</li>
 *   <li>{@link io.descent.data.Synthetic}: blobs, XOR, moons, two spirals.</li>
 * </ul>
 */
package io.descent.data;
