package io.jdlt.common;

import java.util.Locale;

/** The three stages of a pipeline run, in order. */
public enum PipelineStage {
    EXTRACT, NORMALIZE, LOAD;

    /** {@code extract}, {@code normalize}, {@code load}: as metrics and logs name the stage. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
