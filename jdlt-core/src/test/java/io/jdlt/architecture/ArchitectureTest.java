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

    /** The rules can fail: two packages of the test sources that import each other break the cycle rule. */
    @Test
    void theCycleRuleFindsACycle() {
        JavaClasses cyclic = new ClassFileImporter().importPackages("io.jdlt.architecture.cycle");
        assertThat(slices().matching("io.jdlt.architecture.cycle.(**)").should().beFreeOfCycles().evaluate(cyclic)
                .hasViolation()).isTrue();
        assertThat(NO_PACKAGE_CYCLES.evaluate(CORE).hasViolation()).isFalse();
    }
}
