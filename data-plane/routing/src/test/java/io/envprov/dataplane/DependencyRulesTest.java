package io.envprov.dataplane;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The core works without its optional dependencies: JDBC routing, binding, credentials, pools and
 * session tokens need neither Spring, Reactor, R2DBC nor the servlet API; and nothing depends on
 * the control plane's code.
 */
@AnalyzeClasses(
    packages = "io.envprov.dataplane",
    importOptions = ImportOption.DoNotIncludeTests.class)
class DependencyRulesTest {

  @ArchTest
  static final ArchRule theCoreNeedsNoOptionalDependency =
      noClasses()
          .that()
          .resideInAnyPackage(
              "io.envprov.dataplane",
              "io.envprov.dataplane.binding..",
              "io.envprov.dataplane.credentials..",
              "io.envprov.dataplane.pool..",
              "io.envprov.dataplane.jdbc..",
              "io.envprov.dataplane.session..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.springframework..", "reactor..", "io.r2dbc..", "jakarta.servlet..");

  @ArchTest
  static final ArchRule nothingDependsOnTheControlPlane =
      noClasses().should().dependOnClassesThat().resideInAnyPackage("io.envprov.controlplane..");

  @ArchTest
  static final ArchRule onlyTheFiltersAndAutoConfigurationKnowTheWebStacks =
      noClasses()
          .that()
          .resideOutsideOfPackages(
              "io.envprov.dataplane.web..", "io.envprov.dataplane.autoconfigure..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.springframework.web..", "jakarta.servlet..");
}
