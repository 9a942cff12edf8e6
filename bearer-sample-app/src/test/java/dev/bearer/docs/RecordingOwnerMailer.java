package dev.bearer.docs;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.bearer.core.token.TokenOwner;

import org.springframework.stereotype.Component;

/** The docs application's {@link OwnerMailer}: keeps what it was asked to send. */
@Component
class RecordingOwnerMailer implements OwnerMailer {

	private final List<String> sent = new CopyOnWriteArrayList<>();

	@Override
	public void send(TokenOwner owner, String text) {
		this.sent.add(owner + ": " + text);
	}

	/** Everything sent so far, oldest first. */
	List<String> sent() {
		return List.copyOf(this.sent);
	}

}
