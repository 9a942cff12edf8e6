package dev.bearer.spring.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.security.core.userdetails.UserDetailsService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that only uses Bearer gets no in-memory user with a generated password,
 * and no warning about it; one that configures that user still gets it. The applications
 * run without the OAuth2 classes of this module's test classpath, which would hide Boot's
 * user anyway.
 */
@ExtendWith(OutputCaptureExtension.class)
class GeneratedUserTests {

	@Test
	void applicationThatOnlyUsesBearerHasNoGeneratedUserAndLogsNoPassword(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start()) {
			assertThat(context.getBeanNamesForType(UserDetailsService.class)).isEmpty();
		}
		assertThat(output).doesNotContain("Using generated security password");
	}

	@Test
	void applicationThatConfiguresTheUserStillGetsIt() {
		try (ConfigurableApplicationContext context = start("--spring.security.user.password=configured")) {
			assertThat(context.getBeanNamesForType(UserDetailsService.class)).hasSize(1);
		}
	}

	private static ConfigurableApplicationContext start(String... args) {
		FilteredClassLoader withoutOAuth2 = new FilteredClassLoader("org.springframework.security.oauth2");
		return new SpringApplicationBuilder(OnlyBearerApplication.class)
			.resourceLoader(new DefaultResourceLoader(withoutOAuth2))
			.properties("server.port=0", "spring.main.banner-mode=off", "spring.datasource.generate-unique-name=true")
			.run(args);
	}

	/** An application with Bearer's starter and nothing of its own. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class OnlyBearerApplication {

	}

}
