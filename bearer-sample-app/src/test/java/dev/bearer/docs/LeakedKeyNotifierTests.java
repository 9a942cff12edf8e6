package dev.bearer.docs;

import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.IssuedToken;
import dev.bearer.core.token.LeakOutcome;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The governance guide's listener tells the owner of a key reported leaked, once. */
@SpringBootTest(classes = DocsApplication.class)
class LeakedKeyNotifierTests {

	@Autowired
	private TokenService tokens;

	@Autowired
	private RecordingOwnerMailer mailer;

	@Test
	void ownerIsToldOnceWhenTheirKeyIsReportedLeaked() {
		TokenOwner owner = TokenOwner.of("user", "notified-" + System.nanoTime());
		IssuedToken issued = this.tokens.issue(IssueTokenRequest.builder(owner, "ci").build());
		String url = "https://github.com/octocat/demo/blob/main/ci.yml";

		assertThat(this.tokens.revokeLeaked(issued.plaintext(), url)).isEqualTo(LeakOutcome.REVOKED);
		assertThat(this.tokens.revokeLeaked(issued.plaintext(), url)).isEqualTo(LeakOutcome.ALREADY_REVOKED);

		assertThat(this.mailer.sent().stream().filter(mail -> mail.startsWith(owner.toString())))
			.containsExactly(owner + ": Your key " + issued.token().displayPrefix() + "… was found at " + url
					+ " and has been revoked. Issue a new one.");
	}

}
