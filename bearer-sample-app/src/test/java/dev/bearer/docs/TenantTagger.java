package dev.bearer.docs;

// @formatter:off (the guide quotes this file line for line: it keeps the guide's layout)

import dev.bearer.core.event.TokenAuthenticated;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** A {@code TokenAuthenticated} listener, from {@code docs/getting-started.md} and the README. */
@Component
class TenantTagger {

	@EventListener
	void onAuthenticated(TokenAuthenticated event) {
		event.metadata().put("tenant", event.token().owner().id());
	}

}
