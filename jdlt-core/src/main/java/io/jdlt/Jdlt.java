package io.jdlt;

/**
 * The entry point:
 * <pre>{@code
 * Pipeline pipeline = Jdlt.pipeline("pokemon_pipeline").destination("duckdb").datasetName("raw").build();
 * LoadInfo info = pipeline.run(Resource.of("pokemon", () -> fetchPokemon()));
 * }</pre>
 */
public final class Jdlt {

    /** The destination of a pipeline that names none: dlt's embedded default. */
    public static final String DEFAULT_DESTINATION = "duckdb";

    private Jdlt() {
    }

    /** The source an instance of a {@code @JdltSource} class describes, its {@code @JdltResource} methods its resources. */
    public static io.jdlt.extract.Source source(Object annotatedSource) {
        return io.jdlt.extract.AnnotatedSource.of(annotatedSource);
    }

    /** Starts building a pipeline; the name also names its working dir and, for DuckDB, the database file. */
    public static Pipeline.Builder pipeline(String name) {
        return new Pipeline.Builder(name);
    }
}
