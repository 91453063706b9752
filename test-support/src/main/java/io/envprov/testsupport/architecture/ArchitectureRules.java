package io.envprov.testsupport.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;
import java.util.TreeSet;

/**
 * The dependency rules every module's architecture test shares, so a driver module added later is
 * held to the same rules as the first ones.
 *
 * <ul>
 *   <li>The driver SPI depends on nothing but the JDK and JSpecify.
 *   <li>A driver depends, of this project's code, on the SPI only (and the libSQL client library,
 *       which knows nothing of drivers): never on the engine, the control plane, the data plane or
 *       another driver. Third-party libraries (JDBC drivers, Flyway, ...) are its own business.
 *   <li>Controllers (classes named {@code *Controller} or annotated {@code @RestController}) never
 *       reach the database: no jOOQ, JDBC or R2DBC type and nothing of the store package; they call
 *       services.
 * </ul>
 */
public final class ArchitectureRules {

  /** The driver SPI's package. */
  public static final String SPI = "io.envprov.driver.spi";

  /** The libSQL client (JDBC driver, Hrana), a library drivers may use. */
  public static final String LIBSQL_CLIENT = "io.envprov.libsql";

  private static final String PROVIDER = SPI + ".DatabaseDriverProvider";
  private static final String REST_CONTROLLER =
      "org.springframework.web.bind.annotation.RestController";

  private ArchitectureRules() {}

  /** {@link #SPI} depends on nothing but the JDK and JSpecify. */
  public static ArchRule theSpiDependsOnNothingButTheJdk() {
    return classes()
        .that()
        .resideInAPackage(SPI + "..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "javax.sql..", SPI + "..", "org.jspecify..")
        .as("the driver SPI depends on nothing but the JDK and JSpecify");
  }

  /**
   * The packages of the drivers among {@code classes}: those of the classes that implement the
   * SPI's {@code DatabaseDriverProvider} (found by name, so this module needs no SPI).
   */
  public static Set<String> driverPackages(JavaClasses classes) {
    Set<String> packages = new TreeSet<>();
    for (JavaClass each : classes) {
      if (!each.isInterface()
          && !each.getPackageName().startsWith(SPI)
          && each.isAssignableTo(PROVIDER)) {
        packages.add(each.getPackageName());
      }
    }
    return packages;
  }

  /**
   * The driver in {@code driverPackage} (and its subpackages) depends, of this project's code, on
   * the SPI, itself and the libSQL client library only.
   */
  public static ArchRule aDriverDependsOnTheSpiOnly(String driverPackage) {
    DescribedPredicate<JavaClass> allowed =
        resideInAnyPackage(SPI + "..", driverPackage + "..", LIBSQL_CLIENT + "..");
    return noClasses()
        .that()
        .resideInAPackage(driverPackage + "..")
        .should()
        .dependOnClassesThat(resideInAPackage("io.envprov..").and(not(allowed)))
        .as(
            "the driver "
                + driverPackage
                + " depends on the SPI only: never on the engine, the control plane, the data"
                + " plane or another driver");
  }

  /**
   * No controller reaches the database: no jOOQ, JDBC or R2DBC type and nothing of {@code
   * storePackage}.
   */
  public static ArchRule controllersDoNotAccessTheDatabase(String storePackage) {
    return noClasses()
        .that()
        .haveSimpleNameEndingWith("Controller")
        .or()
        .areAnnotatedWith(REST_CONTROLLER)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.jooq..", "java.sql..", "javax.sql..", "io.r2dbc..", storePackage + "..")
        .as(
            "controllers do not access the database (no jOOQ, JDBC, R2DBC or "
                + storePackage
                + "): they call services");
  }
}
