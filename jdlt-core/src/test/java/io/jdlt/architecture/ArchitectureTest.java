package io.jdlt.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The rules of docs/architecture.md, checked on jdlt-core's own classes: no package cycles, the root package on top
 * only, the foundation below everything, no Spring, stages that do not know each other, destinations that see only
 * the load packages and the SPI. A rule that breaks fails the build with the classes and lines that broke it.
 */
class ArchitectureTest {

    private static final java.util.regex.Pattern TEST_METHOD = java.util.regex.Pattern.compile(
            "@(org\\.junit\\.jupiter\\.api\\.)?Test\\b|@(org\\.junit\\.jupiter\\.params\\.)?ParameterizedTest\\b");

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.jdlt");

    /** Every package is a slice of its own: a cycle between a package and its subpackage counts too. */
    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("io.jdlt.(**)").should().beFreeOfCycles();

    static final ArchRule ROOT_IS_TOP_ONLY = noClasses().that().resideInAPackage("io.jdlt..")
            .and().resideOutsideOfPackage("io.jdlt").should().dependOnClassesThat().resideInAPackage("io.jdlt")
            .because("the root package holds the entry points (Jdlt, Pipeline, LoadInfo), which use every layer");

    static final ArchRule FOUNDATION_IS_BOTTOM = noClasses().that().resideInAPackage("io.jdlt.common..")
            .should().dependOnClassesThat().resideOutsideOfPackages("io.jdlt.common..", "java..", "org.jspecify..")
            .because("every layer imports the foundation, so it may import nothing of theirs");

    static final ArchRule NO_SPRING = noClasses().that().resideInAPackage("io.jdlt..").should()
            .dependOnClassesThat().resideInAPackage("org.springframework..")
            .because("jdlt-core runs from a plain main(); Spring lives in the starter's modules");

    static final ArchRule STAGES_ARE_INDEPENDENT = noClasses().that().resideInAPackage("io.jdlt.extract..")
            .should().dependOnClassesThat().resideInAnyPackage("io.jdlt.normalize..", "io.jdlt.load..")
            .andShould().dependOnClassesThat().resideInAPackage("io.jdlt.destination..")
            .because("a stage hands over through load packages on disk, never through another stage's classes");

    static final ArchRule NORMALIZE_KNOWS_NO_OTHER_STAGE = noClasses().that().resideInAPackage("io.jdlt.normalize..")
            .should().dependOnClassesThat().resideInAnyPackage("io.jdlt.extract..", "io.jdlt.load..",
                    "io.jdlt.destination..");

    static final ArchRule LOAD_KNOWS_NO_EARLIER_STAGE = noClasses().that().resideInAPackage("io.jdlt.load..")
            .should().dependOnClassesThat().resideInAnyPackage("io.jdlt.extract..", "io.jdlt.normalize..");

    static final ArchRule DESTINATIONS_SEE_PACKAGES_AND_THE_SPI = noClasses().that()
            .resideInAPackage("io.jdlt.destination..").should().dependOnClassesThat().resideInAnyPackage(
                    "io.jdlt.extract..", "io.jdlt.normalize..", "io.jdlt.load..", "io.jdlt.state..",
                    "io.jdlt.sources..")
            .because("a destination loads what a load package holds, through the SPI of io.jdlt.destination");

    @Test
    void packagesHaveNoCycles() {
        NO_PACKAGE_CYCLES.check(CORE);
    }

    @Test
    void theRootPackageIsOnTopAndTheFoundationAtTheBottom() {
        ROOT_IS_TOP_ONLY.check(CORE);
        FOUNDATION_IS_BOTTOM.check(CORE);
    }

    @Test
    void coreImportsNothingOfSpring() {
        NO_SPRING.check(CORE);
    }

    @Test
    void stagesDoNotImportEachOtherAndDestinationsSeeOnlyTheSpi() {
        STAGES_ARE_INDEPENDENT.check(CORE);
        NORMALIZE_KNOWS_NO_OTHER_STAGE.check(CORE);
        LOAD_KNOWS_NO_EARLIER_STAGE.check(CORE);
        DESTINATIONS_SEE_PACKAGES_AND_THE_SPI.check(CORE);
    }

    /**
     * One naming convention for the tests of every module (Maven's surefire runs {@code *Test} and {@code *Tests}
     * alike, so nothing else would notice a third): a class with test methods is named {@code ...Test}.
     */
    @Test
    void everyTestClassOfEveryModuleIsNamedTest() throws java.io.IOException {
        java.nio.file.Path repository = repositoryRoot();
        java.util.List<String> misnamed;
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(repository)) {
            misnamed = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> file.toString().contains("/src/test/java/"))
                    .filter(file -> !file.getFileName().toString().endsWith("Test.java"))
                    .filter(file -> TEST_METHOD.matcher(readable(file)).find())
                    // an abstract kit (the destination test kit) is run through the classes that extend it
                    .filter(file -> !readable(file).contains("abstract class"))
                    .map(file -> repository.relativize(file).toString()).toList();
        }
        assertThat(misnamed).as("test classes not named ...Test").isEmpty();
    }

    /** The repository's root, wherever the tests run from (a module's folder, or the root itself). */
    private static java.nio.file.Path repositoryRoot() {
        java.nio.file.Path folder = java.nio.file.Path.of("").toAbsolutePath();
        while (!java.nio.file.Files.exists(folder.resolve("mvnw"))
                || !java.nio.file.Files.isDirectory(folder.resolve("jdlt-core"))) {
            folder = folder.getParent();
        }
        return folder;
    }

    private static String readable(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.readString(file);
        }
        catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    /** The rules can fail: two packages of the test sources that import each other break the cycle rule. */
    @Test
    void theCycleRuleFindsACycle() {
        JavaClasses cyclic = new ClassFileImporter().importPackages("io.jdlt.architecture.cycle");
        assertThat(slices().matching("io.jdlt.architecture.cycle.(**)").should().beFreeOfCycles().evaluate(cyclic)
                .hasViolation()).isTrue();
        assertThat(NO_PACKAGE_CYCLES.evaluate(CORE).hasViolation()).isFalse();
    }
}
