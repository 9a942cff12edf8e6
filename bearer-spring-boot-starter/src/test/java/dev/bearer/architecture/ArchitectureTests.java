package dev.bearer.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.bearer.core.token.TokenService;
import dev.bearer.spring.security.BearerConfigurer;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules that keep Bearer's structure: packages without cycles, core independent of
 * the starter, and internal packages that expose nothing.
 */
class ArchitectureTests {

	private static final JavaClasses BEARER = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.bearer");

	@Test
	void packagesHaveNoCycles() {
		slices().matching("dev.bearer.(**)").should().beFreeOfCycles().check(BEARER);
	}

	@Test
	void coreDoesNotDependOnTheStarter() {
		noClasses().that()
			.resideInAPackage("dev.bearer.core..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.bearer.spring..")
			.check(BEARER);
	}

	@Test
	void coreKnowsNeitherTheWebNorSpringSecurityNorBootsAutoConfiguration() {
		noClasses().that()
			.resideInAPackage("dev.bearer.core..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.security..", "jakarta.servlet..", "org.springframework.web..",
					"org.springframework.boot.autoconfigure..", "org.springframework.boot.sql..")
			.check(BEARER);
	}

	@Test
	void internalPackagesHaveNoPublicTypes() {
		classes().that().resideInAPackage("..internal..").should().notBePublic().allowEmptyShould(true).check(BEARER);
	}

	@Test
	void rulesSeeTheClassesOfCoreAndStarter() {
		assertThat(BEARER.contain(TokenService.class)).isTrue();
		assertThat(BEARER.contain(BearerConfigurer.class)).isTrue();
	}

}
