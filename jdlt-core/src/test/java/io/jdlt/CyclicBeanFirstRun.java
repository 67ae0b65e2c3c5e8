package io.jdlt;

import java.nio.file.Path;
import java.util.List;

import io.jdlt.extract.ExtractException;
import io.jdlt.extract.Resource;

/**
 * A JVM whose very first serialization is a cyclic bean, while none of Jackson's error classes are initialized yet:
 * where a StackOverflowError used to hit a static initializer and break Jackson for good. Then a good run in the same
 * JVM. Argument: a folder for the pipeline and its DuckDB file. Exits 0 when both behave.
 */
public final class CyclicBeanFirstRun {

    private CyclicBeanFirstRun() {
    }

    public static void main(String[] args) {
        Pipeline pipeline = TestSupport.duckDbPipeline(Path.of(args[0]), "fresh_jvm");
        try {
            pipeline.run(Resource.of("nodes", List.of(CyclicItemTest.cyclicNodes())));
            System.out.println("loaded a cycle");
            System.exit(2);
        }
        catch (ExtractException expected) {
            System.out.println("failed: " + expected);
        }
        CyclicItemTest.Node root = new CyclicItemTest.Node("root");
        CyclicItemTest.Node parent = new CyclicItemTest.Node("parent");
        pipeline.run(Resource.of("nodes", List.of(root, parent)));
        System.out.println("loaded nodes: " + TestSupport.query(pipeline, "SELECT name FROM raw.nodes ORDER BY name DESC")
                .stream().map(row -> row.get("name")).toList());
        System.exit(0);
    }
}
