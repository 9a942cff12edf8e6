package dev.bearer.sample;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Prints the demo token, a ready curl line and the dashboard link once the server is up.
 */
@Component
class StartupBanner {

	private final DemoTokens demo;

	private final Environment environment;

	StartupBanner(DemoTokens demo, Environment environment) {
		this.demo = demo;
		this.environment = environment;
	}

	@EventListener(ApplicationReadyEvent.class)
	void print() {
		String base = "http://localhost:" + this.environment.getProperty("local.server.port", "8080");
		String token = this.demo.admin().plaintext();
		System.out.println("""

				================================================================================
				 Bearer sample is running on %1$s

				 Demo token (sk_test, every ability, owner user:demo):
				   %2$s

				 Try it:
				   curl -H "Authorization: Bearer %2$s" %1$s/api/orders

				 Dashboard (the link carries its own pk_test token, owned by service:dashboard):
				   %1$s/#token=%3$s
				================================================================================
				""".formatted(base, token, this.demo.dashboard().plaintext()));
	}

}
