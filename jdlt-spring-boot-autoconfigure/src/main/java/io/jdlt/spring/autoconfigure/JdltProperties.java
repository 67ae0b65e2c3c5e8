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

    /**
     * Start every pipeline instance from an empty working dir and load into a new, timestamped dataset; unset, dlt's
     * {@code dev_mode} key decides (default false).
     */
    private @Nullable Boolean devMode;

    /** Folder holding dlt's {@code .dlt/secrets.toml} and {@code .dlt/config.toml}; defaults to the current directory. */
    private @Nullable Path projectDir;

    /** Folder of the global {@code secrets.toml} and {@code config.toml}, read after the project's; defaults to ~/.dlt. */
    private @Nullable Path globalSettingsDir;

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

    public @Nullable Boolean getDevMode() {
        return devMode;
    }

    public void setDevMode(@Nullable Boolean devMode) {
        this.devMode = devMode;
    }

    public @Nullable Path getProjectDir() {
        return projectDir;
    }

    public void setProjectDir(@Nullable Path projectDir) {
        this.projectDir = projectDir;
    }

    public @Nullable Path getGlobalSettingsDir() {
        return globalSettingsDir;
    }

    public void setGlobalSettingsDir(@Nullable Path globalSettingsDir) {
        this.globalSettingsDir = globalSettingsDir;
    }
}
