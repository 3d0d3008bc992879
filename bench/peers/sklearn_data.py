#!/usr/bin/python3
"""The scikit-learn peer of `descent bench --data` (run by io.descent.bench.data.DataBench).

  LD_PRELOAD=libtcmalloc_minimal.so.4 OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 sklearn_data.py FILE FEATURES

Loads the LIBSVM file with load_svmlight_file (the loader of scikit-learn's guide for such files), then runs
one epoch of SGDClassifier's logistic regression over it (max_iter=1, tol=None: one pass, no early stop;
its default optimal learning-rate schedule), as a scikit-learn user trains a linear model on a large sparse
set. Prints one line:
  RESULT load_s=<float> load_mb_per_s=<float> epoch_s=<float> rows_per_s=<float> train_loss=<float>
         accuracy=<float> peak_rss_mb=<float> rows=<int>
peak_rss_mb is VmHWM of this process (/proc/self/status), as the Descent side is measured.
"""
import os
import sys
import time
import warnings

import numpy as np
from sklearn.datasets import load_svmlight_file
from sklearn.linear_model import SGDClassifier
from sklearn.metrics import log_loss


def vm_hwm_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def main():
    path, features = sys.argv[1], int(sys.argv[2])
    size_mb = os.path.getsize(path) / 1e6
    t = time.perf_counter()
    x, y = load_svmlight_file(path, n_features=features, dtype=np.float32)
    load_s = time.perf_counter() - t
    loss = "log_loss" if "log_loss" in SGDClassifier.loss_functions else "log"
    clf = SGDClassifier(loss=loss, max_iter=1, tol=None, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning: one epoch is the point
        t = time.perf_counter()
        clf.fit(x, y)
        epoch_s = time.perf_counter() - t
    p = clf.predict_proba(x)
    print("RESULT load_s=%.4f load_mb_per_s=%.2f epoch_s=%.4f rows_per_s=%.1f train_loss=%.6f accuracy=%.6f "
          "peak_rss_mb=%.1f rows=%d" % (load_s, size_mb / load_s, epoch_s, x.shape[0] / epoch_s,
                                         log_loss(y, p), clf.score(x, y), vm_hwm_mb(), x.shape[0]))


if __name__ == "__main__":
    main()
