package io.descent.data;

/**
 * Options of LIBSVM/SVMlight files: the number of features (0: the largest index in the file; given: an
 * index above it is an error, and train and test files agree) and whether labels are class indices
 * (non-negative integers) rather than real values such as the usual ±1.
 */
public record LibSvmFormat(int numFeatures, boolean classes) {
    public static final LibSvmFormat DEFAULT = new LibSvmFormat(0, false);

    public LibSvmFormat {
        if (numFeatures < 0) {
            throw new IllegalArgumentException("numFeatures must be >= 0 (0: from the file), got " + numFeatures);
        }
    }

    public LibSvmFormat withFeatures(int n) {
        return new LibSvmFormat(n, classes);
    }

    public LibSvmFormat asClasses() {
        return new LibSvmFormat(numFeatures, true);
    }
}
