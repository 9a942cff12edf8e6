package dev.bearer.sample;

import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenResolution;
import dev.bearer.core.token.TokenService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest
class SampleApplicationTests {

	@Autowired
	private TokenService tokenService;

	@Test
	void starterWiresTheTokenServiceOnEmbeddedH2() {
		String plaintext = this.tokenService.issue(IssueTokenRequest.builder(TokenOwner.of("user", 1), "demo").build())
			.plaintext();

		assertThat(this.tokenService.resolve(plaintext)).isInstanceOf(TokenResolution.Resolved.class);
	}

}
