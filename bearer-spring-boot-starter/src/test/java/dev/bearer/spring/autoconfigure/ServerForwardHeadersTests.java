package dev.bearer.spring.autoconfigure;

import dev.bearer.spring.web.ClientIpResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bearer's trusted proxies and the server's forward-header handling cannot both decide
 * the client IP: both set stops startup with an explanation; the server's handling alone,
 * switched on by a cloud platform rather than by the application, is a warning.
 */
@ExtendWith(OutputCaptureExtension.class)
class ServerForwardHeadersTests {

	private static final String WARNING = "Client IPs in Bearer's audit rows and IP allow-lists";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
				SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class,
				BearerAutoConfiguration.class, BearerRateLimitAutoConfiguration.class,
				BearerSecurityAutoConfiguration.class))
		.withPropertyValues("spring.datasource.generate-unique-name=true");

	@Test
	void trustedProxiesWithTheNativeStrategyStopTheApplicationWithAnExplanation() {
		this.runner
			.withPropertyValues("bearer.authentication.trusted-proxies=10.0.0.0/8",
					"server.forward-headers-strategy=native")
			.run(context -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOfSatisfying(ForwardHeadersConflictException.class,
							ex -> assertThat(ex.getSource()).isEqualTo("server.forward-headers-strategy=native"));
				FailureAnalysis analysis = new ForwardHeadersConflictFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("server.forward-headers-strategy=native")
					.contains("trusted proxies would decide nothing");
				assertThat(analysis.getAction()).contains("server.forward-headers-strategy=none")
					.contains("server.tomcat.remoteip.internal-proxies");
			});
	}

	@Test
	void trustedProxiesWithTheFrameworkStrategyStopTheApplication() {
		this.runner
			.withPropertyValues("bearer.authentication.trusted-proxies=10.0.0.0/8",
					"server.forward-headers-strategy=FRAMEWORK")
			.run(context -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(ForwardHeadersConflictException.class));
	}

	@Test
	void trustedProxiesWithATomcatRemoteIpHeaderStopTheApplication() {
		this.runner
			.withPropertyValues("bearer.authentication.trusted-proxies=10.0.0.0/8",
					"server.tomcat.remoteip.remote-ip-header=X-Real-IP")
			.run(context -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(ForwardHeadersConflictException.class,
						ex -> assertThat(ex.getSource()).startsWith("server.tomcat.remoteip.remote-ip-header")));
	}

	@Test
	void trustedProxiesOnKubernetesWithoutAStrategyStopTheApplication() {
		this.runner
			.withPropertyValues("bearer.authentication.trusted-proxies=10.0.0.0/8",
					"spring.main.cloud-platform=kubernetes")
			.run(context -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(ForwardHeadersConflictException.class,
						ex -> assertThat(ex.getSource()).contains("KUBERNETES")));
	}

	@Test
	void trustedProxiesOnKubernetesWithTheStrategyNoneStart(CapturedOutput output) {
		this.runner
			.withPropertyValues("bearer.authentication.trusted-proxies=10.0.0.0/8",
					"spring.main.cloud-platform=kubernetes", "server.forward-headers-strategy=none")
			.run(context -> assertThat(context).hasSingleBean(ClientIpResolver.class));
		assertThat(output).doesNotContain(WARNING);
	}

	@Test
	void kubernetesWithoutAStrategyOrTrustedProxiesStartsWithAWarning(CapturedOutput output) {
		this.runner.withPropertyValues("spring.main.cloud-platform=kubernetes")
			.run(context -> assertThat(context).hasSingleBean(ClientIpResolver.class));
		assertThat(output).contains("WARN").contains(WARNING).contains("server.forward-headers-strategy=none");
	}

	@Test
	void explicitNativeStrategyWithoutTrustedProxiesStartsWithAnInfoLine(CapturedOutput output) {
		this.runner.withPropertyValues("server.forward-headers-strategy=native")
			.run(context -> assertThat(context).hasSingleBean(ClientIpResolver.class));
		assertThat(output.getOut().lines().filter((line) -> line.contains(WARNING))).singleElement()
			.satisfies((line) -> assertThat(line).contains("INFO").contains("server.forward-headers-strategy=native"));
	}

	@Test
	void trustedProxiesAloneStartWithoutAWord(CapturedOutput output) {
		this.runner.withPropertyValues("bearer.authentication.trusted-proxies=10.0.0.0/8")
			.run(context -> assertThat(context).hasSingleBean(ClientIpResolver.class));
		assertThat(output).doesNotContain(WARNING);
	}

}
