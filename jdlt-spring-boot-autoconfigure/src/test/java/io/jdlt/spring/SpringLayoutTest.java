package io.jdlt.spring;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The starter's packages as Spring Boot lays out its own modules: the API an application uses ({@code io.jdlt.spring})
 * knows neither its auto-configuration nor Actuator's view of it; Actuator's view ({@code .actuate}) knows no
 * auto-configuration; the auto-configurations wire the two.
 */
class SpringLayoutTest {

    private static final JavaClasses STARTER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.jdlt.spring");

    @Test
    void theApiKnowsNeitherItsAutoConfigurationNorActuator() {
        noClasses().that().resideInAPackage("io.jdlt.spring").should().dependOnClassesThat()
                .resideInAnyPackage("io.jdlt.spring.autoconfigure..", "io.jdlt.spring.actuate..").check(STARTER);
    }

    @Test
    void actuatorsViewKnowsNoAutoConfiguration() {
        noClasses().that().resideInAPackage("io.jdlt.spring.actuate..").should().dependOnClassesThat()
                .resideInAPackage("io.jdlt.spring.autoconfigure..").check(STARTER);
    }

    @Test
    void thePackagesHaveNoCycles() {
        slices().matching("io.jdlt.spring.(**)").should().beFreeOfCycles().check(STARTER);
    }
}
