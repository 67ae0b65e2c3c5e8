package io.jdlt.examples;

import java.util.List;
import java.util.Map;

import io.jdlt.Jdlt;
import io.jdlt.LoadInfo;
import io.jdlt.Pipeline;
import io.jdlt.extract.Resource;
import io.jdlt.schema.WriteDisposition;

/** The README's first example, verbatim: {@code ReadmeExampleTest} runs it. */
public class PokemonPipeline {

    static List<Map<String, Object>> fetchPokemon() {
        // in real life: GET https://pokeapi.co/api/v2/pokemon?limit=50 and return its "results"
        return List.of(
                Map.of("name", "bulbasaur", "url", "https://pokeapi.co/api/v2/pokemon/1/"),
                Map.of("name", "ivysaur", "url", "https://pokeapi.co/api/v2/pokemon/2/"),
                Map.of("name", "venusaur", "url", "https://pokeapi.co/api/v2/pokemon/3/"));
    }

    public static void main(String[] args) {
        Pipeline pipeline = Jdlt.pipeline("pokemon_pipeline")
                .destination("duckdb")
                .datasetName("raw")
                .build();
        LoadInfo info = pipeline.run(Resource.of("pokemon", () -> fetchPokemon())
                .writeDisposition(WriteDisposition.REPLACE));
        System.out.println(info);
        info.raiseOnFailedJobs();
    }
}
