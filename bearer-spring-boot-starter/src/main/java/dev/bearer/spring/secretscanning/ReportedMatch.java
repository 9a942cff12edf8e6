package dev.bearer.spring.secretscanning;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;

/**
 * One match of a secret-scanning report: {@code {"token": …, "type": …, "url": …,
 * "source": …}}. Its {@link #toString()} never shows the token.
 *
 * @param token the reported string
 * @param type the name the scanner registered the pattern under
 * @param url where the string was found, or {@code null}
 * @param source what kind of place it was found in (e.g. {@code commit}), or {@code null}
 */
record ReportedMatch(String token, String type, String url, String source) {

	/**
	 * The matches of a report body, a JSON array of match objects; every match is checked
	 * before any is returned.
	 * @throws SecretScanningRefusal 400 naming the field at fault for a body that is not
	 * such an array, 413 for more than {@code maxMatches} matches
	 */
	static List<ReportedMatch> parseAll(JsonMapper json, byte[] body, int maxMatches) throws SecretScanningRefusal {
		JsonNode report;
		try {
			report = json.readTree(body);
		}
		catch (JacksonException ex) {
			throw badRequest("The request body is not JSON.");
		}
		if (report == null || !report.isArray()) {
			throw badRequest("The request body must be a JSON array of matches.");
		}
		if (report.size() > maxMatches) {
			throw new SecretScanningRefusal(HttpStatus.CONTENT_TOO_LARGE,
					"A report may hold at most " + maxMatches + " matches (it held " + report.size() + ").");
		}
		List<ReportedMatch> matches = new ArrayList<>(report.size());
		for (int i = 0; i < report.size(); i++) {
			matches.add(parse(report.get(i), "[" + i + "]"));
		}
		return matches;
	}

	private static ReportedMatch parse(JsonNode match, String path) throws SecretScanningRefusal {
		if (!match.isObject()) {
			throw badRequest(path + " must be a JSON object.");
		}
		return new ReportedMatch(required(match, path, "token"), required(match, path, "type"),
				optional(match, path, "url"), optional(match, path, "source"));
	}

	private static String required(JsonNode match, String path, String field) throws SecretScanningRefusal {
		String value = optional(match, path, field);
		if (value == null || value.isEmpty()) {
			throw badRequest(path + "." + field + " is required.");
		}
		return value;
	}

	private static String optional(JsonNode match, String path, String field) throws SecretScanningRefusal {
		JsonNode value = match.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			throw badRequest(path + "." + field + " must be a string.");
		}
		return value.stringValue();
	}

	private static SecretScanningRefusal badRequest(String detail) {
		return new SecretScanningRefusal(HttpStatus.BAD_REQUEST, detail);
	}

	@Override
	public String toString() {
		return "ReportedMatch[type=" + this.type + ", url=" + this.url + ", source=" + this.source + "]";
	}

}
