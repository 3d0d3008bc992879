package io.descent.tensor;

/** Element-wise functions of one value; {@code param} is the scalar of those that take one (pow, max, ...). */
enum UnaryOp {
    NEG, EXP, LOG, SQRT, ABS, SIGN, RELU, SIGMOID, TANH,
    ADD_SCALAR, MUL_SCALAR, RSUB_SCALAR, RDIV_SCALAR, POW, MAX, MIN,
    GT, GE, LT, LE, EQ, STEP;

    double apply(double x, double p) {
        return switch (this) {
            case NEG -> -x;
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case ABS -> Math.abs(x);
            case SIGN -> Math.signum(x);
            case RELU -> Math.max(x, 0.0);             // NaN stays NaN, as in PyTorch
            case SIGMOID -> sigmoid(x);
            case TANH -> Math.tanh(x);
            case ADD_SCALAR -> x + p;
            case MUL_SCALAR -> x * p;
            case RSUB_SCALAR -> p - x;
            case RDIV_SCALAR -> p / x;
            case POW -> pow(x, p);
            case MAX -> x >= p || Double.isNaN(x) ? x : p;
            case MIN -> x <= p || Double.isNaN(x) ? x : p;
            case GT -> x > p ? 1 : 0;
            case GE -> x >= p ? 1 : 0;
            case LT -> x < p ? 1 : 0;
            case LE -> x <= p ? 1 : 0;
            case EQ -> x == p ? 1 : 0;
            case STEP -> x > 0 ? 1 : 0;
        };
    }

    /** The logistic function, computed without overflow for inputs of either sign. */
    static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    private static double pow(double x, double p) {
        if (p == 2) {
            return x * x;
        }
        if (p == 1) {
            return x;
        }
        if (p == 0.5) {
            return Math.sqrt(x);
        }
        return Math.pow(x, p);
    }
}
