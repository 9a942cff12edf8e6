package dev.bearer.core.token;

/** A token request was refused because one field is invalid; nothing was written. */
public class InvalidTokenRequestException extends IllegalArgumentException {

	private final String field;

	/** A refusal of {@code field} with a message that says why. */
	public InvalidTokenRequestException(String field, String reason) {
		super("Invalid " + field + ": " + reason);
		this.field = field;
	}

	/** The name of the refused field, e.g. {@code allowedIps}. */
	public String getField() {
		return this.field;
	}

}
