package io.jdlt.spring.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

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
    // a literal, so that the metadata IDEs complete from shows it; JdltAutoConfigurationTest checks it is core's
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

    /** Pipelines by name: each runs one source into one destination, by hand, on a schedule, or from Actuator. */
    private Map<String, PipelineProperties> pipelines = new LinkedHashMap<>();

    /** How often a run in flight logs its progress (rows and rows/s of the stage running). */
    private Duration progressLogInterval = Duration.ofSeconds(10);

    /** Run the pipelines that have a schedule; false leaves them to be run by hand or from Actuator. */
    private boolean schedulingEnabled = true;

    /** Let Actuator's POST /actuator/jdlt/{pipeline} start a run. */
    private boolean actuatorRunEnabled;

    /** Let Actuator retry (POST) and drop (DELETE) a pipeline's load packages at /actuator/jdlt/{pipeline}/{loadId}. */
    private boolean actuatorPackagesEnabled;

    public Map<String, PipelineProperties> getPipelines() {
        return pipelines;
    }

    public void setPipelines(Map<String, PipelineProperties> pipelines) {
        this.pipelines = pipelines;
    }

    public Duration getProgressLogInterval() {
        return progressLogInterval;
    }

    public void setProgressLogInterval(Duration progressLogInterval) {
        this.progressLogInterval = progressLogInterval;
    }

    public boolean isSchedulingEnabled() {
        return schedulingEnabled;
    }

    public void setSchedulingEnabled(boolean schedulingEnabled) {
        this.schedulingEnabled = schedulingEnabled;
    }

    public boolean isActuatorPackagesEnabled() {
        return actuatorPackagesEnabled;
    }

    public void setActuatorPackagesEnabled(boolean actuatorPackagesEnabled) {
        this.actuatorPackagesEnabled = actuatorPackagesEnabled;
    }

    public boolean isActuatorRunEnabled() {
        return actuatorRunEnabled;
    }

    public void setActuatorRunEnabled(boolean actuatorRunEnabled) {
        this.actuatorRunEnabled = actuatorRunEnabled;
    }

    /** One pipeline: {@code jdlt.pipelines.<name>.*}. */
    public static class PipelineProperties {

        /**
         * The source it runs: the name of a @JdltSource bean, of a Source bean, or of a REST API source declared
         * under jdlt.rest-api-sources; defaults to the pipeline's name.
         */
        private @Nullable String source;

        /** Destination of this pipeline: duckdb, postgres or filesystem; defaults to jdlt.destination. */
        private @Nullable String destination;

        /** Dataset (schema) to load into; defaults to <pipeline>.dataset_name, then <pipeline>_dataset. */
        private @Nullable String datasetName;

        /** Cron expression (Spring's six fields, e.g. "0 0/15 * * * *") on which the pipeline runs. */
        private @Nullable String schedule;

        /** Whether the pipeline exists; false skips it, also when a bean would make it. */
        private boolean enabled = true;

        /** Retries of a run that failed for a transient reason (connection, lock); data errors are not retried. */
        private Retry retry = new Retry();

        public @Nullable String getSource() {
            return source;
        }

        public void setSource(@Nullable String source) {
            this.source = source;
        }

        public @Nullable String getDestination() {
            return destination;
        }

        public void setDestination(@Nullable String destination) {
            this.destination = destination;
        }

        public @Nullable String getDatasetName() {
            return datasetName;
        }

        public void setDatasetName(@Nullable String datasetName) {
            this.datasetName = datasetName;
        }

        public @Nullable String getSchedule() {
            return schedule;
        }

        public void setSchedule(@Nullable String schedule) {
            this.schedule = schedule;
        }

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Retry getRetry() {
            return retry;
        }

        public void setRetry(Retry retry) {
            this.retry = retry;
        }
    }

    /** Spring Framework's core retry of a run: {@code jdlt.pipelines.<name>.retry.*}. */
    public static class Retry {

        /** Retries after the first attempt; 0 turns retrying off. */
        private long maxRetries = 3;

        /** Wait before the first retry. */
        private Duration delay = Duration.ofSeconds(1);

        /** Factor by which the wait grows per retry. */
        private double multiplier = 2;

        /** Longest wait between retries. */
        private Duration maxDelay = Duration.ofMinutes(1);

        public long getMaxRetries() {
            return maxRetries;
        }

        public void setMaxRetries(long maxRetries) {
            this.maxRetries = maxRetries;
        }

        public Duration getDelay() {
            return delay;
        }

        public void setDelay(Duration delay) {
            this.delay = delay;
        }

        public double getMultiplier() {
            return multiplier;
        }

        public void setMultiplier(double multiplier) {
            this.multiplier = multiplier;
        }

        public Duration getMaxDelay() {
            return maxDelay;
        }

        public void setMaxDelay(Duration maxDelay) {
            this.maxDelay = maxDelay;
        }
    }
}
