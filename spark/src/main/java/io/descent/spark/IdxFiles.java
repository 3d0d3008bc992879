package io.descent.spark;

import io.descent.InvalidInputException;
import io.descent.data.IdxReader;
import io.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.input.PortableDataStream;
import scala.Tuple2;

/**
 * An IDX image file and its label file, read by one executor ({@code binaryFiles}: each file is one
 * unsplittable, often gzipped, blob) with Descent's IDX reader, cut into one piece per partition and spread.
 */
final class IdxFiles {
    private IdxFiles() {
    }

    static SparkData read(JavaSparkContext sc, String images, String labels, int numClasses, int partitions) {
        if (numClasses <= 0 || numClasses > 256) {
            throw new IllegalArgumentException("IDX labels are bytes: numClasses must be 1 to 256, got " + numClasses);
        }
        JavaPairRDD<String, PortableDataStream> img = one(sc, images);
        JavaPairRDD<String, PortableDataStream> lab = one(sc, labels);
        JavaRDD<Tuple2<int[], Shard>> parsed = img.zipPartitions(lab,
                (i, l) -> pieces(i, l, numClasses, partitions).iterator());
        parsed.cache();
        try {
            int[] sample = parsed.first()._1();
            int n = parsed.map(t -> t._2().rows()).reduce(Integer::sum);
            DataShape shape = new DataShape(sample, new int[] {}, numClasses);
            return new SparkData(Sharding.balance(parsed.map(Tuple2::_2), shape, n, Math.min(partitions, n)), shape, n);
        } finally {
            parsed.unpersist(false);
        }
    }

    /** The one file at {@code path} in one partition; fails when the path matches no file or several. */
    private static JavaPairRDD<String, PortableDataStream> one(JavaSparkContext sc, String path) {
        return sc.binaryFiles(path, 1).coalesce(1);
    }

    private static List<Tuple2<int[], Shard>> pieces(Iterator<Tuple2<String, PortableDataStream>> imageFiles,
            Iterator<Tuple2<String, PortableDataStream>> labelFiles, int numClasses, int partitions) {
        Tuple2<String, PortableDataStream> imageFile = single(imageFiles, "image");
        Tuple2<String, PortableDataStream> labelFile = single(labelFiles, "label");
        Tensor x = IdxReader.images(imageFile._2().toArray(), imageFile._1());
        int[] y = IdxReader.labels(labelFile._2().toArray(), labelFile._1());
        int n = x.dim(0);
        if (y.length != n) {
            throw new InvalidInputException(labelFile._1(), "", y.length + " labels for the " + n + " images of "
                    + imageFile._1());
        }
        float[] targets = new float[n];
        for (int i = 0; i < n; i++) {
            if (y[i] >= numClasses) {
                throw new InvalidInputException(labelFile._1(), "label " + i, y[i] + " is not a class in [0, "
                        + numClasses + ")");
            }
            targets[i] = y[i];
        }
        int[] sample = {1, x.dim(1), x.dim(2)};
        int fs = x.dim(1) * x.dim(2);
        float[] pixels = x.toFloatArray();
        List<Tuple2<int[], Shard>> out = new ArrayList<>();
        int parts = Math.min(partitions, n);
        for (int p = 0; p < parts; p++) {
            int from = Sharding.start(p, n, parts);
            int to = Sharding.start(p + 1, n, parts);
            float[] px = new float[(to - from) * fs];
            System.arraycopy(pixels, from * fs, px, 0, px.length);
            float[] py = new float[to - from];
            System.arraycopy(targets, from, py, 0, py.length);
            out.add(new Tuple2<>(sample, new Shard(from, to - from, px, py)));
        }
        return out;
    }

    private static Tuple2<String, PortableDataStream> single(Iterator<Tuple2<String, PortableDataStream>> files,
            String what) {
        if (!files.hasNext()) {
            throw new InvalidInputException(what + " file", "", "no file matches the path");
        }
        Tuple2<String, PortableDataStream> f = files.next();
        if (files.hasNext()) {
            throw new InvalidInputException(f._1(), "", "the " + what + " path matches more than one file");
        }
        return f;
    }
}
