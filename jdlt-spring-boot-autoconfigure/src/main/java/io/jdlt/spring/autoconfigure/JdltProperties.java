package io.jdlt.spring.autoconfigure;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings shared by every jdlt pipeline of the application.
 */
@ConfigurationProperties("jdlt")
public class JdltProperties {

    /** Folder holding the pipelines' working dirs; defaults to JDLT_DATA_DIR or ~/.jdlt/pipelines. */
    private @Nullable Path pipelinesDir;

    /** Destination used when a pipeline names none: duckdb, the embedded default. */
    private String destination = "duckdb";

    /** Start every pipeline instance from an empty working dir and load into a new, timestamped dataset. */
    private boolean devMode;

    public @Nullable Path getPipelinesDir() {
        return pipelinesDir;
    }

    public void setPipelinesDir(@Nullable Path pipelinesDir) {
        this.pipelinesDir = pipelinesDir;
    }

    public String getDestination() {
        return destination;
    }

    public void setDestination(String destination) {
        this.destination = destination;
    }

    public boolean isDevMode() {
        return devMode;
    }

    public void setDevMode(boolean devMode) {
        this.devMode = devMode;
    }
}
