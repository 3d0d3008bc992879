package io.descent.tensor;

/** Element-wise functions of two values, applied with broadcasting. */
enum BinaryOp {
    ADD("add"), SUB("sub"), MUL("mul"), DIV("div"),
    GT("gt"), GE("ge"), LT("lt"), LE("le"), EQ("eq");

    final String opName;

    BinaryOp(String opName) {
        this.opName = opName;
    }

    double apply(double x, double y) {
        return switch (this) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case GT -> x > y ? 1 : 0;
            case GE -> x >= y ? 1 : 0;
            case LT -> x < y ? 1 : 0;
            case LE -> x <= y ? 1 : 0;
            case EQ -> x == y ? 1 : 0;
        };
    }
}
