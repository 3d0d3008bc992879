package io.descent.cli.lecture;

import io.descent.report.Section;
import java.io.IOException;

/** One section of the report: runs its experiment, draws its pictures, and states what was measured. */
interface Part {
    /** A short name for the progress log. */
    String name();

    Section build(Figures f) throws IOException;
}
