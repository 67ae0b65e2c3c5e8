package io.jdlt.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Loads the bundled page of real GitHub events into a local DuckDB file, prints the load info and exits.
 */
@SpringBootApplication
public class SampleApplication {

    public static void main(String[] args) {
        System.exit(SpringApplication.exit(SpringApplication.run(SampleApplication.class, args)));
    }
}
