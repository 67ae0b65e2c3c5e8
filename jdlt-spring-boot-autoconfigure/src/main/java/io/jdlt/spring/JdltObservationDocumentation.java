package io.jdlt.spring;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations jdlt makes: one per run of a pipeline, one per stage within it. With Spring Boot's metrics they
 * become the timers {@code jdlt.pipeline.run} and {@code jdlt.pipeline.stage}; with tracing, a span per run and per
 * stage. Every key has few values: pipelines and destinations are configured, statuses and stages are fixed.
 */
public enum JdltObservationDocumentation implements ObservationDocumentation {

    /** A run of a pipeline: pending packages first, then extract, normalize and load of the new data. */
    PIPELINE_RUN {
        @Override
        public String getName() {
            return "jdlt.pipeline.run";
        }

        @Override
        public String getContextualName() {
            return "jdlt run";
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return new KeyName[] {LowCardinalityKeys.PIPELINE, LowCardinalityKeys.DESTINATION,
                    LowCardinalityKeys.STATUS};
        }
    },

    /** One stage of a run: extract, normalize or load. */
    PIPELINE_STAGE {
        @Override
        public String getName() {
            return "jdlt.pipeline.stage";
        }

        @Override
        public String getContextualName() {
            return "jdlt stage";
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return new KeyName[] {LowCardinalityKeys.PIPELINE, LowCardinalityKeys.DESTINATION,
                    LowCardinalityKeys.STAGE, LowCardinalityKeys.STATUS};
        }
    };

    /** The keys of jdlt's observations. */
    public enum LowCardinalityKeys implements KeyName {

        /** The pipeline's name. */
        PIPELINE {
            @Override
            public String asString() {
                return "pipeline";
            }
        },

        /** The destination type: duckdb, postgres, filesystem. */
        DESTINATION {
            @Override
            public String asString() {
                return "destination";
            }
        },

        /** extract, normalize or load. */
        STAGE {
            @Override
            public String asString() {
                return "stage";
            }
        },

        /** success or failure. */
        STATUS {
            @Override
            public String asString() {
                return "status";
            }
        }
    }
}
