package dev.bearer.spring.autoconfigure;

import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

import dev.bearer.spring.secretscanning.SecretScanningSignatures;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/** One test per condition of {@link BearerSecretScanningAutoConfiguration}. */
class BearerSecretScanningAutoConfigurationTests {

	private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(DataSourceAutoConfiguration.class,
			DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
			SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class, BearerAutoConfiguration.class,
			BearerRateLimitAutoConfiguration.class, BearerSecurityAutoConfiguration.class,
			BearerSecretScanningAutoConfiguration.class);

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(CONFIGURATIONS)
		.withPropertyValues("spring.datasource.generate-unique-name=true");

	@Test
	void endpointIsOffByDefault() {
		this.runner.withPropertyValues("bearer.secret-scanning.public-keys.k1=" + publicKeyPem()).run(context -> {
			assertThat(context).doesNotHaveBean(SecretScanningSignatures.class);
			assertThat(context).doesNotHaveBean("bearerSecretScanningFilterChain");
			assertThat(context).hasSingleBean(SecurityFilterChain.class);
		});
	}

	@Test
	void enabledEndpointGetsItsOwnChainBesideTheDefaultBearerChain() {
		this.runner
			.withPropertyValues("bearer.secret-scanning.enabled=true",
					"bearer.secret-scanning.public-keys.k1=" + publicKeyPem())
			.run(context -> {
				assertThat(context).hasSingleBean(SecretScanningSignatures.class);
				assertThat(context).hasBean("bearerSecretScanningFilterChain");
				assertThat(context).hasBean("bearerSecurityFilterChain");
			});
	}

	@Test
	void enabledEndpointKeepsTheApplicationsOwnChain() {
		this.runner.withUserConfiguration(OwnChain.class)
			.withPropertyValues("bearer.secret-scanning.enabled=true",
					"bearer.secret-scanning.public-keys.k1=" + publicKeyPem())
			.run(context -> {
				assertThat(context).hasBean("ownChain");
				assertThat(context).hasBean("bearerSecretScanningFilterChain");
				assertThat(context).doesNotHaveBean("bearerSecurityFilterChain");
			});
	}

	@Test
	void enabledEndpointWithoutKeysFailsNamingTheProperty() {
		this.runner.withPropertyValues("bearer.secret-scanning.enabled=true")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("bearer.secret-scanning.public-keys must hold at least one key"));
	}

	@Test
	void enabledEndpointWithAKeyThatIsNotPemFailsNamingTheKey() {
		this.runner
			.withPropertyValues("bearer.secret-scanning.enabled=true", "bearer.secret-scanning.public-keys.k1=abc")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("bearer.secret-scanning.public-keys[k1] is not a PEM public key"));
	}

	@Test
	void enabledEndpointWithoutRoomForAMatchFailsNamingTheProperty() {
		this.runner
			.withPropertyValues("bearer.secret-scanning.enabled=true", "bearer.secret-scanning.max-matches=0",
					"bearer.secret-scanning.public-keys.k1=" + publicKeyPem())
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("bearer.secret-scanning.max-matches must be at least 1"));
	}

	@Test
	void nonWebApplicationGetsNoEndpoint() {
		new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withPropertyValues("spring.datasource.generate-unique-name=true", "bearer.secret-scanning.enabled=true")
			.run(context -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(SecretScanningSignatures.class);
			});
	}

	private static String publicKeyPem() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return "-----BEGIN PUBLIC KEY-----"
					+ Base64.getEncoder().encodeToString(generator.generateKeyPair().getPublic().getEncoded())
					+ "-----END PUBLIC KEY-----";
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnChain {

		@Bean
		SecurityFilterChain ownChain(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
		}

	}

}
