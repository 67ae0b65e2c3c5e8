package io.jdlt.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * jdlt in a Spring Boot application: an annotated source bean and a REST API source declared in application.yml
 * become pipelines into DuckDB (PostgreSQL with the {@code postgres} profile), scheduled, with Actuator and
 * Prometheus metrics. By default it runs every pipeline once and exits; the {@code server} profile keeps it up.
 */
@SpringBootApplication
@EnableScheduling
public class SampleApplication {

    public static void main(String[] args) {
        ConfigurableApplicationContext context = SpringApplication.run(SampleApplication.class, args);
        if (context.getEnvironment().getProperty("sample.run-once", Boolean.class, true)) {
            System.exit(SpringApplication.exit(context));
        }
    }
}
