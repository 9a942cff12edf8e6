package dev.bearer.core.token;

/**
 * A freshly issued token: the only time its plaintext is available.
 *
 * @param token the stored token
 * @param plaintext the token string to hand to the client; it is never stored
 */
public record IssuedToken(Token token, String plaintext) {

	@Override
	public String toString() {
		return "IssuedToken[id=" + this.token.id() + ", prefix=" + this.token.displayPrefix() + "…]";
	}

}
