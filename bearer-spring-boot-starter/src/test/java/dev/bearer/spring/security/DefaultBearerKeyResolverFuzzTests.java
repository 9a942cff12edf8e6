package dev.bearer.spring.security;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.bearer.core.test.Fuzz;
import dev.bearer.core.test.FuzzInput;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link DefaultBearerKeyResolver} on thousands of generated requests (header lines of
 * any scheme and content, huge and non-ASCII ones included, and {@code access_token}
 * parameters): it answers nothing, the one key-shaped credential the request carries, or
 * an {@link InvalidBearerRequestException} whose message never repeats a credential.
 */
class DefaultBearerKeyResolverFuzzTests {

	private static final int MAX_HEADER_LENGTH = 1024;

	@Test
	void resolverAnswersTheOnlyKeyNothingOrAnInvalidRequest() {
		DefaultBearerKeyResolver headerOnly = new DefaultBearerKeyResolver("Authorization", false, MAX_HEADER_LENGTH);
		DefaultBearerKeyResolver withQuery = new DefaultBearerKeyResolver("Authorization", true, MAX_HEADER_LENGTH);
		Fuzz.check("resolve(arbitrary credentials)", 20_000, (input) -> {
			List<String> headers = new ArrayList<>();
			List<String> parameters = new ArrayList<>();
			List<String> secrets = new ArrayList<>();
			String method = input.oneOf("GET", "POST", "get");
			MockHttpServletRequest request = new MockHttpServletRequest(method, "/");
			for (int i = input.oneOf(0, 1, 1, 1, 2, 3); i > 0; i--) {
				String credential = credential(input);
				secrets.add(credential);
				String header = input.oneOf("Bearer ", "bearer ", "BEARER  ", "Bearer\t", "Basic ", "Bearer", "",
						"Bearerx ", "Digest ") + credential + input.oneOf("", " ", "\t", ",");
				headers.add(header);
				request.addHeader("Authorization", header);
			}
			if (input.chance(25)) {
				String parameter = credential(input);
				parameters.add(parameter);
				secrets.add(parameter);
				request.addParameter("access_token", parameter);
				if (input.chance(10)) {
					request.addParameter("access_token", parameter);
				}
			}
			for (DefaultBearerKeyResolver resolver : List.of(headerOnly, withQuery)) {
				List<String> read = new ArrayList<>(headers);
				if (resolver == withQuery && method.equals("GET")) {
					read.addAll(parameters);
				}
				try {
					String key = resolver.resolve(request);
					if (key != null) {
						assertThat(DefaultBearerKeyResolver.isBearerKey(key)).isTrue();
						assertThat(key).hasSizeLessThanOrEqualTo(MAX_HEADER_LENGTH);
						assertThat(read).anyMatch((credential) -> credential.contains(key));
						assertThat(read).filteredOn((credential) -> !credential.isBlank()).hasSize(1);
					}
				}
				catch (InvalidBearerRequestException ex) {
					for (String secret : secrets) {
						if (secret.strip().length() >= 12) {
							assertThat(ex.getMessage()).doesNotContain(secret.strip());
						}
					}
				}
			}
		});
	}

	/**
	 * The resolver reads headers and key shapes by hand; these are the regular
	 * expressions it read them with before, kept as the oracle: the header's credential
	 * and whether a credential is key-shaped agree with them on every generated value.
	 */
	@Test
	void headerAndKeyShapeAgreeWithTheRegularExpressionsTheyReplace() {
		Pattern bearer = Pattern.compile("^Bearer(?: +(?<token>\\S*))?\\s*$", Pattern.CASE_INSENSITIVE);
		Pattern keyShape = Pattern.compile("^[a-z][a-z0-9]*_[a-z]+_\\S*$");
		DefaultBearerKeyResolver resolver = new DefaultBearerKeyResolver("Authorization", false, 100_000);
		Fuzz.check("resolve(Bearer header) against the regular expressions", 20_000, (input) -> {
			String credential = credential(input) + input.oneOf("", "", "x", "_", "_x", " ", "\t", "\u00a0", "\u2003");
			assertThat(DefaultBearerKeyResolver.isBearerKey(credential))
				.isEqualTo(keyShape.matcher(credential).matches());
			String header = input.oneOf("Bearer", "bearer", "BEARER", "BeArEr")
					+ input.oneOf("", " ", "  ", "\t", " \t", "\t ", "\u001c", "\n", " \r\n") + credential
					+ input.oneOf("", " ", "  ", "\t", "\r\n", " x", "\u00a0", "\u001c");
			if (!DefaultBearerKeyResolver.isBearerScheme(header) || header.isBlank()) {
				return;
			}
			MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
			request.addHeader("Authorization", header);
			Matcher matcher = bearer.matcher(header);
			String token = matcher.matches() ? matcher.group("token") : null;
			if (token == null || token.isEmpty()) {
				assertThatExceptionOfType(InvalidBearerRequestException.class)
					.isThrownBy(() -> resolver.resolve(request))
					.withMessage("The Bearer scheme carries no token");
			}
			else {
				assertThat(resolver.resolve(request)).isEqualTo(keyShape.matcher(token).matches() ? token : null);
			}
		});
	}

	/** A credential: a key shape, a near miss of one, a JWT, or anything at all. */
	private static String credential(FuzzInput input) {
		return switch (input.between(0, 5)) {
			case 0 -> input.oneOf("sk", "pk", "rk", "ci") + "_" + input.oneOf("test", "live") + "_"
					+ input.of("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", input.between(0, 40));
			case 1 -> "sk_test_" + input.string(input.chance(10) ? 3000 : 40);
			case 2 -> "eyJhbGciOiJIUzI1NiJ9." + input.of("abcdefghijklmnopqrstuvwxyz0123456789-_", 30) + ".sig";
			case 3 -> input.string(input.chance(10) ? 5000 : 60);
			case 4 -> "";
			default -> input.string(20) + "sk_live_" + input.string(20);
		};
	}

}
