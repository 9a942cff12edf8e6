package dev.bearer.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The Sanctum-style baseline, written only for the benchmark: Laravel Sanctum's guard on
 * the request thread. A token {@code id|plaintext} is looked up by id (one SELECT),
 * compared by SHA-256 in constant time, and then the request writes a usage row (one
 * INSERT) and the token's {@code last_used_at} (one UPDATE), each in its own
 * auto-committed statement before the request goes on. Sanctum also loads the token's
 * owner (one more SELECT); this baseline leaves that out, which only makes it faster.
 */
final class SanctumStyleFilter extends OncePerRequestFilter {

	private static final String PREFIX = "Bearer ";

	private final JdbcTemplate jdbc;

	SanctumStyleFilter(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Creates the baseline's tables and one token; returns its plaintext. */
	static String createToken(JdbcTemplate jdbc) {
		jdbc.execute("create table if not exists sanctum_personal_access_tokens (id bigserial primary key, "
				+ "name varchar(255) not null, token char(64) not null unique, abilities text, "
				+ "last_used_at timestamp, created_at timestamp not null)");
		jdbc.execute("create table if not exists sanctum_token_usage (id bigserial primary key, "
				+ "token_id bigint not null references sanctum_personal_access_tokens (id), "
				+ "ip_address varchar(45), user_agent varchar(512), path varchar(512), created_at timestamp not null)");
		jdbc.execute(
				"create index if not exists sanctum_token_usage_token on sanctum_token_usage (token_id, created_at)");
		byte[] random = new byte[30];
		new SecureRandom().nextBytes(random);
		String plaintext = HexFormat.of().formatHex(random);
		GeneratedKeyHolder id = new GeneratedKeyHolder();
		jdbc.update(connection -> {
			var insert = connection.prepareStatement("insert into sanctum_personal_access_tokens "
					+ "(name, token, abilities, created_at) values (?, ?, ?, ?)", new String[] { "id" });
			insert.setString(1, "Load benchmark");
			insert.setString(2, HexFormat.of().formatHex(sha256(plaintext)));
			insert.setString(3, "[\"bench:read\"]");
			insert.setTimestamp(4, Timestamp.from(Instant.now()));
			return insert;
		}, id);
		return id.getKey().longValue() + "|" + plaintext;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader("Authorization");
		if (header != null && header.startsWith(PREFIX)) {
			authenticate(header.substring(PREFIX.length()), request);
		}
		chain.doFilter(request, response);
	}

	private void authenticate(String token, HttpServletRequest request) {
		int bar = token.indexOf('|');
		if (bar < 1) {
			return;
		}
		long id;
		try {
			id = Long.parseLong(token.substring(0, bar));
		}
		catch (NumberFormatException ex) {
			return;
		}
		List<String> stored = this.jdbc.query("select token from sanctum_personal_access_tokens where id = ?",
				(row, index) -> row.getString(1), id);
		byte[] expected = stored.isEmpty() ? null : HexFormat.of().parseHex(stored.get(0));
		if (expected == null || !MessageDigest.isEqual(expected, sha256(token.substring(bar + 1)))) {
			return;
		}
		Timestamp now = Timestamp.from(Instant.now());
		this.jdbc.update(
				"insert into sanctum_token_usage (token_id, ip_address, user_agent, path, created_at) "
						+ "values (?, ?, ?, ?, ?)",
				id, request.getRemoteAddr(), request.getHeader("User-Agent"), request.getRequestURI(), now);
		this.jdbc.update("update sanctum_personal_access_tokens set last_used_at = ? where id = ?", now, id);
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(Long.toString(id), null,
				AuthorityUtils.createAuthorityList("bench:read")));
		SecurityContextHolder.setContext(context);
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
