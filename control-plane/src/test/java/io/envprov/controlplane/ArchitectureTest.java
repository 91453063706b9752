package io.envprov.controlplane;

import static com.tngtech.archunit.core.domain.JavaAccess.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameStartingWith;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.envprov.testsupport.architecture.ArchitectureRules;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The dependency rules of docs/architecture.md, checked on the compiled classes. Every driver is on
 * this module's test class path, so the driver rules run here for all of them.
 */
class ArchitectureTest {

  private static final String DRIVERS = "io.envprov.driver";
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.envprov");
  }

  @Test
  void the_driver_spi_depends_on_nothing_but_the_jdk_and_jspecify() {
    ArchitectureRules.theSpiDependsOnNothingButTheJdk().check(classes);
  }

  @Test
  void every_driver_depends_on_the_spi_only() {
    Set<String> drivers = ArchitectureRules.driverPackages(classes);

    // A driver missing here would escape the rules: all three are on the test class path.
    assertThat(drivers)
        .contains(DRIVERS + ".sqlite", DRIVERS + ".postgres", DRIVERS + ".libsql")
        .allMatch(name -> name.startsWith(DRIVERS + "."));
    for (String driver : drivers) {
      ArchitectureRules.aDriverDependsOnTheSpiOnly(driver).check(classes);
    }
  }

  @Test
  void the_engine_never_depends_on_a_driver_or_on_the_control_plane() {
    noClasses()
        .that()
        .resideInAPackage("io.envprov.provisioner..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(driverImplementations())
        .orShould()
        .dependOnClassesThat()
        .resideInAPackage("io.envprov.controlplane..")
        .check(classes);
  }

  @Test
  void the_control_plane_never_depends_on_a_driver_implementation() {
    noClasses()
        .that()
        .resideInAPackage("io.envprov.controlplane..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(driverImplementations())
        .check(classes);
  }

  @Test
  void controllers_do_not_access_the_database() {
    ArchitectureRules.controllersDoNotAccessTheDatabase("io.envprov.controlplane.store")
        .check(classes);
  }

  @Test
  void nothing_but_the_web_layer_depends_on_controllers() {
    noClasses()
        .that()
        .resideInAPackage("io.envprov.controlplane..")
        .and()
        .haveSimpleNameNotEndingWith("Controller")
        .should()
        .dependOnClassesThat()
        .haveSimpleNameEndingWith("Controller")
        .check(classes);
  }

  @Test
  void the_control_plane_reaches_its_store_through_jdbc_only() {
    // One data-access model: jOOQ over JDBC. R2DBC serves the data plane's routing, not the core.
    noClasses()
        .that()
        .resideInAPackage("io.envprov.controlplane..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.r2dbc..", "org.postgresql.api..", "org.postgresql.client..")
        .check(classes);
  }

  @Test
  void no_control_plane_code_blocks_a_reactive_chain_or_hops_to_an_unbounded_pool() {
    // Blocking work runs on the bounded API threads (web.ApiThreads), never hidden in a chain.
    noClasses()
        .that()
        .resideInAPackage("io.envprov.controlplane..")
        .should()
        .callMethodWhere(
            target(owner(assignableTo(Mono.class).or(assignableTo(Flux.class))))
                .and(target(nameStartingWith("block"))))
        .orShould()
        .callMethod(Schedulers.class, "boundedElastic")
        .orShould()
        .callMethod(Schedulers.class, "newBoundedElastic", int.class, int.class, String.class)
        .check(classes);
  }

  @Test
  void one_jooq_context_no_qualified_alternatives() {
    noClasses()
        .that()
        .resideInAPackage("io.envprov.controlplane..")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("org.springframework.beans.factory.annotation.Qualifier")
        .check(classes);
  }

  private static String[] driverImplementations() {
    return ArchitectureRules.driverPackages(classes).stream()
        .map(name -> name + "..")
        .toArray(String[]::new);
  }
}
