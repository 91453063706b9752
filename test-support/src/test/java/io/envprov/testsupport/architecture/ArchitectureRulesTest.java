package io.envprov.testsupport.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.envprov.testsupport.architecture.fixture.baddriver.BadDriver;
import io.envprov.testsupport.architecture.fixture.engine.Engine;
import io.envprov.testsupport.architecture.fixture.gooddriver.GoodDriver;
import io.envprov.testsupport.architecture.fixture.web.CleanController;
import io.envprov.testsupport.architecture.fixture.web.NotesController;
import io.envprov.testsupport.architecture.fixture.web.NotesService;
import org.junit.jupiter.api.Test;

/** The shared rules catch what they are meant to, on small fixtures. */
class ArchitectureRulesTest {

  private static final String FIXTURE = "io.envprov.testsupport.architecture.fixture";

  @Test
  void a_driver_using_other_project_code_breaks_the_driver_rule() {
    JavaClasses classes =
        new ClassFileImporter()
            .importClasses(
                BadDriver.class, GoodDriver.class, GoodDriver.Helper.class, Engine.class);

    assertThat(
            ArchitectureRules.aDriverDependsOnTheSpiOnly(FIXTURE + ".baddriver")
                .evaluate(classes)
                .hasViolation())
        .isTrue();
    assertThat(
            ArchitectureRules.aDriverDependsOnTheSpiOnly(FIXTURE + ".gooddriver")
                .evaluate(classes)
                .hasViolation())
        .isFalse();
  }

  @Test
  void a_controller_holding_a_jdbc_connection_breaks_the_controller_rule() {
    JavaClasses offending =
        new ClassFileImporter().importClasses(NotesController.class, NotesService.class);
    JavaClasses clean =
        new ClassFileImporter().importClasses(CleanController.class, NotesService.class);

    assertThat(
            ArchitectureRules.controllersDoNotAccessTheDatabase(FIXTURE + ".store")
                .evaluate(offending)
                .hasViolation())
        .isTrue();
    assertThat(
            ArchitectureRules.controllersDoNotAccessTheDatabase(FIXTURE + ".store")
                .evaluate(clean)
                .hasViolation())
        .isFalse();
  }

  @Test
  void a_controller_using_the_store_package_breaks_the_controller_rule() {
    JavaClasses classes =
        new ClassFileImporter().importClasses(CleanController.class, NotesService.class);

    // With the service's package named as the store, the controller reaches the store.
    assertThat(
            ArchitectureRules.controllersDoNotAccessTheDatabase(FIXTURE + ".web")
                .evaluate(classes)
                .hasViolation())
        .isTrue();
  }
}
