package io.jdlt.architecture.cycle.b;

import io.jdlt.architecture.cycle.a.Left;

/** The other half of the package cycle: b imports a. */
public final class Right {

    public Left left() {
        return new Left();
    }
}
