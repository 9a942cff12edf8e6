package dev.bearer.spring.secretscanning;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.bearer.core.token.HashAlgorithm;
import dev.bearer.core.token.LeakOutcome;
import dev.bearer.core.token.TokenService;
import dev.bearer.spring.security.BearerKeyError;
import dev.bearer.spring.security.BearerKeyErrorWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The endpoint of GitHub's secret-scanning partner protocol, as the last filter of a
 * chain of its own. A {@code POST} whose body (at most {@code maxBodySize} bytes) carries
 * a valid signature ({@link SecretScanningSignatures}) and a JSON array of at most
 * {@code maxMatches} well-formed matches has each match's key revoked through
 * {@link TokenService#revokeLeaked}, and is answered {@code 200} with one
 * {@code {"token_hash", "token_type", "label"}} object per match: {@code true_positive}
 * for a key of this application (revoked now, before, or expired), else
 * {@code false_positive}. The answer names keys by the SHA-256 hex of the reported
 * string, never by the string itself. Any other request is refused with an RFC 9457
 * problem (405, 413, 401, 400) before anything is changed; a failure while revoking is
 * answered 503, so GitHub sends the report again (reports are idempotent).
 */
public final class SecretScanningFilter extends OncePerRequestFilter {

	private static final Logger logger = LoggerFactory.getLogger(SecretScanningFilter.class);

	private final TokenService tokens;

	private final SecretScanningSignatures signatures;

	private final JsonMapper json;

	private final BearerKeyErrorWriter errors;

	private final int maxBodySize;

	private final int maxMatches;

	/**
	 * An endpoint revoking keys through {@code tokens}, verifying reports with
	 * {@code signatures}, reading them with {@code json} and answering refusals through
	 * {@code errors}.
	 */
	public SecretScanningFilter(TokenService tokens, SecretScanningSignatures signatures, JsonMapper json,
			BearerKeyErrorWriter errors, int maxBodySize, int maxMatches) {
		this.tokens = tokens;
		this.signatures = signatures;
		this.json = json;
		this.errors = errors;
		this.maxBodySize = maxBodySize;
		this.maxMatches = maxMatches;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws IOException {
		if (!HttpMethod.POST.matches(request.getMethod())) {
			response.setHeader(HttpHeaders.ALLOW, HttpMethod.POST.name());
			refuse(request, response, new SecretScanningRefusal(HttpStatus.METHOD_NOT_ALLOWED,
					"Secret-scanning reports are sent with POST."));
			return;
		}
		List<ReportedMatch> matches;
		try {
			byte[] body = readBody(request);
			this.signatures.verify(request.getHeader(SecretScanningSignatures.KEY_IDENTIFIER_HEADER),
					request.getHeader(SecretScanningSignatures.SIGNATURE_HEADER), body);
			matches = ReportedMatch.parseAll(this.json, body, this.maxMatches);
		}
		catch (SecretScanningRefusal refusal) {
			refuse(request, response, refusal);
			return;
		}
		List<Map<String, String>> labels;
		try {
			labels = revokeAll(matches);
		}
		catch (RuntimeException ex) {
			logger.warn("Secret-scanning report of {} matches could not be processed; answered 503 for the "
					+ "scanner to send it again", matches.size(), ex);
			this.errors.write(request, response,
					new BearerKeyError(HttpStatus.SERVICE_UNAVAILABLE, null,
							"The report could not be processed now; send it again later.", false,
							BearerKeyError.unavailable().retryAfter(), null));
			return;
		}
		response.setStatus(HttpStatus.OK.value());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.getOutputStream().write(this.json.writeValueAsBytes(labels));
	}

	private List<Map<String, String>> revokeAll(List<ReportedMatch> matches) {
		Map<LeakOutcome, Integer> counts = new EnumMap<>(LeakOutcome.class);
		List<Map<String, String>> labels = new ArrayList<>(matches.size());
		for (ReportedMatch match : matches) {
			LeakOutcome outcome = this.tokens.revokeLeaked(match.token(), match.url());
			counts.merge(outcome, 1, Integer::sum);
			Map<String, String> label = new LinkedHashMap<>();
			label.put("token_hash", HashAlgorithm.SHA256.hash(match.token()));
			label.put("token_type", match.type());
			label.put("label", outcome.isKnown() ? "true_positive" : "false_positive");
			labels.add(label);
		}
		logger.info("Secret-scanning report of {} matches: {}", matches.size(), counts);
		return labels;
	}

	private byte[] readBody(HttpServletRequest request) throws IOException, SecretScanningRefusal {
		if (request.getContentLengthLong() > this.maxBodySize) {
			throw tooLarge();
		}
		byte[] body = request.getInputStream().readNBytes(this.maxBodySize + 1);
		if (body.length > this.maxBodySize) {
			throw tooLarge();
		}
		return body;
	}

	private SecretScanningRefusal tooLarge() {
		return new SecretScanningRefusal(HttpStatus.CONTENT_TOO_LARGE,
				"The request body must be at most " + this.maxBodySize + " bytes.");
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, SecretScanningRefusal refusal)
			throws IOException {
		logger.debug("Secret-scanning request refused ({}): {}", refusal.status().value(), refusal.getMessage());
		this.errors.write(request, response,
				new BearerKeyError(refusal.status(), null, refusal.getMessage(), false, Duration.ZERO, null));
	}

}
