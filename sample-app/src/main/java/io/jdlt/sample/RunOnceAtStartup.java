package io.jdlt.sample;

import io.jdlt.LoadInfo;
import io.jdlt.spring.ManagedPipelines;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * The README's main job ({@code sample.run-once=true}, the default): every pipeline runs once, its load info is
 * printed, and the application exits. The {@code server} profile keeps the application up instead, on its schedules.
 */
@Component
@ConditionalOnBooleanProperty("sample.run-once")
class RunOnceAtStartup implements ApplicationRunner {

    private final ManagedPipelines pipelines;

    RunOnceAtStartup(ManagedPipelines pipelines) {
        this.pipelines = pipelines;
    }

    @Override
    public void run(ApplicationArguments args) {
        for (String name : pipelines.names()) {
            LoadInfo info = pipelines.run(name);
            System.out.println(info);
            info.raiseOnFailedJobs();
        }
    }
}
