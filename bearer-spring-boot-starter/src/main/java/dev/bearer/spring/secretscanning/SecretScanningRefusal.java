package dev.bearer.spring.secretscanning;

import org.springframework.http.HttpStatus;

/**
 * A report refused before anything was changed: the status to answer and a description
 * safe to show the caller (it names the header or field at fault, never a token).
 */
public class SecretScanningRefusal extends Exception {

	private final HttpStatus status;

	/** A refusal answered with {@code status}, described by {@code detail}. */
	public SecretScanningRefusal(HttpStatus status, String detail) {
		super(detail, null, false, false);
		this.status = status;
	}

	/** The status to answer. */
	public HttpStatus status() {
		return this.status;
	}

}
