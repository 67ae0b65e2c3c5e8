package io.jdlt.spring;

/** Hears every run of a managed pipeline end: metrics, alerts, audit logs. Beans of this type are picked up. */
@FunctionalInterface
public interface JdltRunListener {

    void runFinished(ManagedPipeline pipeline, ManagedPipeline.RunRecord run);
}
