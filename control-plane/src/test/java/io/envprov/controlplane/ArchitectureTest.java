package io.envprov.controlplane;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency rules of ARCHITECTURE.md, checked on the compiled classes. */
class ArchitectureTest {

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
    classes()
        .that()
        .resideInAPackage("io.envprov.driver.spi..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "io.envprov.driver.spi..", "org.jspecify..")
        .check(classes);
  }

  @Test
  void the_engine_never_depends_on_a_driver_or_on_the_control_plane() {
    noClasses()
        .that()
        .resideInAPackage("io.envprov.provisioner..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.envprov.driver.sqlite..",
            "io.envprov.driver.postgres..",
            "io.envprov.controlplane..")
        .check(classes);
  }

  @Test
  void the_control_plane_never_depends_on_a_driver_implementation() {
    noClasses()
        .that()
        .resideInAPackage("io.envprov.controlplane..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.envprov.driver.sqlite..", "io.envprov.driver.postgres..")
        .check(classes);
  }

  @Test
  void controllers_do_not_touch_r2dbc_or_jdbc_directly() {
    noClasses()
        .that()
        .haveSimpleNameEndingWith("Controller")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.r2dbc..", "java.sql..", "javax.sql..")
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
}
