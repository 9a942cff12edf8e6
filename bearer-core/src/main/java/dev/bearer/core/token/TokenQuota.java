package dev.bearer.core.token;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A token's quota besides its per-minute rate: {@code limit} requests per calendar day or
 * month (in the zone the application configures), or a count of credits that each request
 * uses up and that an administrator refills. Checked by {@link TokenService#setQuota} and
 * on issue: the limit must be 1 to {@value #MAX_LIMIT}.
 *
 * @param period per day, per month, or credits
 * @param limit the requests per period, or for credits the count granted when the quota
 * was set
 */
public record TokenQuota(Period period, long limit) {

	/** The largest limit, and the most credits a token can hold. */
	public static final long MAX_LIMIT = 1_000_000_000_000L;

	/** Checks the period. */
	public TokenQuota {
		Objects.requireNonNull(period, "period must not be null");
	}

	/** {@code requests} per calendar day. */
	public static TokenQuota perDay(long requests) {
		return new TokenQuota(Period.DAY, requests);
	}

	/** {@code requests} per calendar month. */
	public static TokenQuota perMonth(long requests) {
		return new TokenQuota(Period.MONTH, requests);
	}

	/** {@code credits} requests in all, until an administrator refills them. */
	public static TokenQuota credits(long credits) {
		return new TokenQuota(Period.CREDITS, credits);
	}

	/** Whether this quota is a count of credits rather than a calendar period. */
	public boolean isCredits() {
		return this.period == Period.CREDITS;
	}

	/** What a quota counts; stored and serialised as its lowercase code. */
	public enum Period {

		/** Requests per calendar day. */
		DAY,
		/** Requests per calendar month. */
		MONTH,
		/** Credits, each request using one up. */
		CREDITS;

		/** The stored and serialised code, e.g. {@code day}. */
		@JsonValue
		public String code() {
			return name().toLowerCase(Locale.ROOT);
		}

		/**
		 * The period stored as {@code code}.
		 * @throws InvalidTokenRequestException naming {@code quota} if no period has it
		 */
		@JsonCreator
		public static Period fromCode(String code) {
			return Arrays.stream(values())
				.filter(period -> period.code().equals(code))
				.findFirst()
				.orElseThrow(() -> new InvalidTokenRequestException("quota",
						"period must be day, month or credits (was '" + code + "')"));
		}

	}

}
