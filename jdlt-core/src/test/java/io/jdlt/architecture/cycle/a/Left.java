package io.jdlt.architecture.cycle.a;

import io.jdlt.architecture.cycle.b.Right;

/** Half of a package cycle the architecture test must find: a imports b. */
public final class Left {

    public Right right() {
        return new Right();
    }
}
