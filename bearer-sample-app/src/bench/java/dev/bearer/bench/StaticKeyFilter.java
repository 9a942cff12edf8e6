package dev.bearer.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Consumer;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The floor of any authentication in Spring Security, written only for the benchmark: one
 * key fixed at startup, compared with the {@code Authorization: Bearer} header in constant
 * time, and one authentication built at startup set for the request. No lookup, no
 * limits, no events, no metrics, no audit: what {@code bearer-no-log} costs beyond this
 * variant is Bearer's own work, and what this variant costs beyond {@code permit-all} is
 * what authenticating a request costs Spring Security whoever does it.
 */
final class StaticKeyFilter extends OncePerRequestFilter {

	private static final String PREFIX = "Bearer ";

	private final byte[] key;

	private final Authentication authentication = UsernamePasswordAuthenticationToken.authenticated("bench", null,
			AuthorityUtils.createAuthorityList("bench:read"));

	private StaticKeyFilter(String key) {
		this.key = key.getBytes(StandardCharsets.US_ASCII);
	}

	/** A filter accepting one random key, which it hands to {@code keyWriter}. */
	static StaticKeyFilter withRandomKey(Consumer<String> keyWriter) {
		byte[] random = new byte[30];
		new SecureRandom().nextBytes(random);
		String key = HexFormat.of().formatHex(random);
		keyWriter.accept(key);
		return new StaticKeyFilter(key);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader("Authorization");
		if (header != null && header.startsWith(PREFIX) && MessageDigest
			.isEqual(header.substring(PREFIX.length()).getBytes(StandardCharsets.US_ASCII), this.key)) {
			SecurityContext context = SecurityContextHolder.createEmptyContext();
			context.setAuthentication(this.authentication);
			SecurityContextHolder.setContext(context);
		}
		chain.doFilter(request, response);
	}

}
