package io.jdlt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.jdlt.extract.ExtractException;
import io.jdlt.extract.Incremental;
import io.jdlt.extract.Resource;
import io.jdlt.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * Items that refer to themselves or nest too deep fail with a short error naming the path and the class, before any
 * serializer recurses: a StackOverflowError inside Jackson could leave its classes unusable for the rest of the JVM.
 */
class CyclicItemTest {

    /** Issue 17 measured the message of a cyclic bean at 29 KB; a few paths and class names fit in far less. */
    static final int MAX_MESSAGE = 1100;

    @TempDir
    Path dir;

    public static final class Node {
        private final String name;
        private Node parent;
        private Node child;

        public Node(String name) {
            this.name = name;
        }

        public String getName() {
            return name;
        }

        public Node getParent() {
            return parent;
        }

        public Node getChild() {
            return child;
        }
    }

    /** root → parent → child → parent again: the cycle closes at {@code $.parent.child.parent}. */
    static Node cyclicNodes() {
        Node root = new Node("root");
        Node parent = new Node("parent");
        Node child = new Node("child");
        root.parent = parent;
        parent.child = child;
        child.parent = parent;
        return root;
    }

    /** A chain of nodes without a cycle, deeper than jdlt follows. */
    static Node linkedNodes(int length) {
        Node head = new Node("0");
        Node tail = head;
        for (int i = 1; i < length; i++) {
            Node next = new Node(Integer.toString(i));
            tail.child = next;
            tail = next;
        }
        return head;
    }

    public static final class Exploding {
        public String getId() {
            return "x";
        }

        public String getValue() {
            throw new IllegalStateException("boom from getter");
        }
    }

    public static final class Address {
        private final String city;

        public Address(String city) {
            this.city = city;
        }

        public String getCity() {
            return city;
        }
    }

    /** Two properties and a list that share one address: a DAG, not a cycle. */
    public static final class Customer {
        private final long id;
        private final Address address;

        public Customer(long id, Address address) {
            this.id = id;
            this.address = address;
        }

        public long getId() {
            return id;
        }

        public Address getHome() {
            return address;
        }

        public Address getWork() {
            return address;
        }

        public List<Address> getAddresses() {
            return List.of(address, address);
        }
    }

    @Test
    void aCyclicBeanAfterAGoodRunFailsNamingThePathAndTheJvmKeepsLoading() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "cycles");
        pipeline.run(Resource.of("items", List.of(Map.of("id", 1), Map.of("id", 2))));

        assertThatThrownBy(() -> pipeline.run(Resource.of("nodes", List.of(cyclicNodes()))))
                .isInstanceOf(ExtractException.class)
                .hasMessageStartingWith("Resource 'nodes': ")
                .hasMessageContaining("the value at $.parent.child.parent (" + Node.class.getName() + ")")
                .hasMessageContaining("same object as the one at $.parent that holds it: a cycle")
                .satisfies(ex -> assertThat(ex.getMessage()).hasSizeLessThan(MAX_MESSAGE));
        // a second bad bean of another kind, then a good one: nothing of Jackson is left broken
        assertThatThrownBy(() -> pipeline.run(Resource.of("nodes", List.of(linkedNodes(1000)))))
                .isInstanceOf(ExtractException.class)
                .hasMessageContaining("Resource 'nodes'")
                .hasMessageContaining("nested deeper than 255 levels")
                .satisfies(ex -> assertThat(ex.getMessage()).hasSizeLessThan(MAX_MESSAGE));
        assertThatThrownBy(() -> pipeline.run(Resource.of("nodes", List.of(cyclicNodes()))))
                .isInstanceOf(ExtractException.class).hasMessageContaining("$.parent.child.parent");
        pipeline.run(Resource.of("nodes", List.of(linkedNodes(3))));

        assertThat(TestSupport.query(pipeline, "SELECT name, child__name, child__child__name FROM raw.nodes"))
                .containsExactly(Map.of("name", "0", "child__name", "1", "child__child__name", "2"));
        assertThat(TestSupport.query(pipeline, "SELECT id FROM raw.items ORDER BY id"))
                .extracting(row -> row.get("id")).containsExactly(1L, 2L);
        assertThat(pipeline.hasPendingData()).isFalse();
    }

    @Test
    void mapsListsAndJsonTreesThatHoldThemselvesNameTheCycle() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "self_holding");
        Map<String, Object> selfMap = new HashMap<>();
        selfMap.put("id", 1);
        selfMap.put("self", selfMap);
        assertThatThrownBy(() -> pipeline.run(Resource.of("maps", List.of(selfMap))))
                .isInstanceOf(ExtractException.class)
                .hasMessageStartingWith("Resource 'maps': ")
                .hasMessageContaining("the value at $.self (java.util.HashMap) is the same object as the one at $ ")
                .satisfies(ex -> assertThat(ex.getMessage()).hasSizeLessThan(MAX_MESSAGE));

        List<Object> selfList = new ArrayList<>();
        selfList.add(selfList);
        assertThatThrownBy(() -> pipeline.run(Resource.of("lists", List.of(Map.of("id", 1, "tags", selfList)))))
                .isInstanceOf(ExtractException.class)
                .hasMessageContaining("the value at $.tags[0] (java.util.ArrayList) is the same object as the one at"
                        + " $.tags ")
                .satisfies(ex -> assertThat(ex.getMessage()).hasSizeLessThan(MAX_MESSAGE));

        ObjectNode selfTree = Json.MAPPER.createObjectNode().put("id", 1);
        selfTree.set("self", selfTree);
        assertThatThrownBy(() -> pipeline.run(Resource.of("trees", List.of(selfTree))))
                .isInstanceOf(ExtractException.class)
                .hasMessageContaining("the value at $.self (" + ObjectNode.class.getName() + ") is the same object")
                .satisfies(ex -> assertThat(ex.getMessage()).hasSizeLessThan(MAX_MESSAGE));

        // a bean holding a map that holds the bean: the cycle closes at the bean
        Map<String, Object> holder = new HashMap<>();
        AtomicReference<Object> back = new AtomicReference<>(holder);
        holder.put("back", back);
        assertThatThrownBy(() -> pipeline.run(Resource.of("holders", List.of(Map.of("id", 1, "holder", holder)))))
                .isInstanceOf(ExtractException.class)
                .hasMessageContaining("the value at $.holder.back (java.util.HashMap) is the same object as the one at"
                        + " $.holder ");
        assertThat(pipeline.hasPendingData()).isFalse();
    }

    @Test
    void deepBeansAndJsonTreesFailShortlyEvenOnASmallThreadStack() throws Exception {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "deep");
        ObjectNode deepTree = Json.MAPPER.createObjectNode();
        ObjectNode cursor = deepTree;
        for (int i = 0; i < 1000; i++) {
            cursor = cursor.putObject("n");
        }
        List<Throwable> failures = new ArrayList<>();
        Thread small = new Thread(null, () -> {
            for (Object item : List.of(linkedNodes(1000), deepTree, cyclicNodes())) {
                try {
                    pipeline.run(Resource.of("deep", List.of(item)));
                }
                catch (Throwable ex) {
                    failures.add(ex);
                }
            }
        }, "small-stack", 512 * 1024);
        small.start();
        small.join();

        assertThat(failures).hasSize(3).allSatisfy(ex -> assertThat(ex).isInstanceOf(ExtractException.class)
                .hasMessageStartingWith("Resource 'deep': ")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(MAX_MESSAGE)));
        assertThat(failures.get(0)).hasMessageContaining("$.child.child.child")
                .hasMessageContaining("is nested deeper than 255 levels (inside " + Node.class.getName() + ")");
        assertThat(failures.get(1)).hasMessageContaining("$.n.n.n")
                .hasMessageContaining("is nested deeper than 255 levels");
        assertThat(failures.get(2)).hasMessageContaining("$.parent.child.parent");
    }

    @Test
    void aGetterThatThrowsIsNamedWithItsBean() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "getter");
        assertThatThrownBy(() -> pipeline.run(Resource.of("exploding", List.of(Map.of("inner", new Exploding())))))
                .isInstanceOf(ExtractException.class)
                .hasMessageStartingWith("Resource 'exploding': ")
                .hasMessageContaining("cannot read property 'value' of " + Exploding.class.getName() + " at $.inner: "
                        + "java.lang.IllegalStateException: boom from getter")
                .satisfies(ex -> assertThat(ex.getMessage()).hasSizeLessThan(MAX_MESSAGE));
    }

    @Test
    void anIncrementalCursorOnCyclicBeansFindsItsValueAndTheCycleIsNamed() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "incremental");
        // the cursor lookup reads the bean one level at a time; the boundary hash (no primary key) checks it whole
        assertThatThrownBy(() -> pipeline.run(Resource.of("nodes", List.of(cyclicNodes()))
                .incremental(Incremental.on("parent.name"))))
                .isInstanceOf(ExtractException.class)
                .hasMessageStartingWith("Resource 'nodes': yielded an item of type " + Node.class.getName())
                .hasMessageContaining("the value at $.parent.child.parent (" + Node.class.getName() + ")")
                .satisfies(ex -> assertThat(ex.getMessage()).hasSizeLessThan(MAX_MESSAGE));

        Node first = new Node("a");
        first.parent = new Node("2024-01-01");
        Node second = new Node("b");
        second.parent = new Node("2024-02-01");
        pipeline.run(Resource.of("nodes", List.of(first, second)).incremental(Incremental.on("parent.name")));
        pipeline.run(Resource.of("nodes", List.of(first, second)).incremental(Incremental.on("parent.name")));
        assertThat(TestSupport.query(pipeline, "SELECT name, parent__name FROM raw.nodes ORDER BY name"))
                .containsExactly(Map.of("name", "a", "parent__name", "2024-01-01"),
                        Map.of("name", "b", "parent__name", "2024-02-01"));
    }

    @Test
    void theSameChildReachedTwiceIsNotACycle() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "shared");
        Address office = new Address("Berlin");
        pipeline.run(Resource.of("customers", List.of(new Customer(1, office), new Customer(2, office))));

        assertThat(TestSupport.query(pipeline, "SELECT id, home__city, work__city FROM raw.customers ORDER BY id"))
                .containsExactly(Map.of("id", 1L, "home__city", "Berlin", "work__city", "Berlin"),
                        Map.of("id", 2L, "home__city", "Berlin", "work__city", "Berlin"));
        assertThat(TestSupport.count(pipeline, "customers__addresses")).isEqualTo(4);
    }

    @Test
    void aCyclicBeanAsTheFirstSerializationOfAFreshJvmFailsCleanlyAndTheNextRunLoads() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CyclicBeanFirstRun.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(child.waitFor()).as(output).isZero();
        assertThat(output).contains("failed: io.jdlt.extract.ExtractException: Resource 'nodes': ")
                .contains("$.parent.child.parent (" + Node.class.getName() + ")")
                .contains("loaded nodes: [root, parent]")
                .doesNotContain("StackOverflowError").doesNotContain("NoClassDefFoundError");
        String failure = output.lines().filter(line -> line.startsWith("failed: ")).findFirst().orElseThrow();
        assertThat(failure).hasSizeLessThan(MAX_MESSAGE);
    }
}
