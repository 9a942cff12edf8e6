package dev.bearer.docs;

import dev.bearer.core.token.Token;
import dev.bearer.core.token.TokenLeaked;
import dev.bearer.core.token.TokenOwner;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** The governance guide's listener that tells a key's owner it leaked. */
@Component
class LeakedKeyNotifier {

	private final OwnerMailer mailer;

	LeakedKeyNotifier(OwnerMailer mailer) {
		this.mailer = mailer;
	}

	@EventListener
	void onLeaked(TokenLeaked event) {
		Token key = event.token();
		this.mailer.send(key.owner(), "Your key " + key.displayPrefix() + "… was found at " + event.foundAt()
				+ " and has been revoked. Issue a new one.");
	}

}

// The application's own way to reach a key's owner.
interface OwnerMailer {

	void send(TokenOwner owner, String text);

}
