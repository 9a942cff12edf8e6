package dev.bearer.docs;

// @formatter:off (the guide quotes this file line for line: it keeps the guide's layout)

import dev.bearer.core.token.TokenExpiringSoon;
import dev.bearer.core.token.TokenIdle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** The governance guide's listener that logs expiry warnings. */
@Component
class KeyExpiryLog {

	private static final Logger logger = LoggerFactory.getLogger(KeyExpiryLog.class);

	@EventListener
	void expiringSoon(TokenExpiringSoon warning) {
		logger.warn("Key {} of {} stops working at {} ({})", warning.name(), warning.owner(), warning.deadline(),
				warning.cause());
	}

	@EventListener
	void idle(TokenIdle idle) {
		logger.warn("Key {} of {} has not been used since {}", idle.name(), idle.owner(), idle.lastUse());
	}

}
