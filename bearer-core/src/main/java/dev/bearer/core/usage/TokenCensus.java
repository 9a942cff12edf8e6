package dev.bearer.core.usage;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.bearer.core.token.TokenEnvironment;

/**
 * All tokens counted by type, environment and state at one instant, as
 * {@link UsageQueryService#tokenCensus()} answers it.
 *
 * @param at the instant each token's state was judged at
 * @param counts one entry per type, environment and state that has at least one token,
 * ordered by type, then environment, then state
 */
public record TokenCensus(Instant at, List<Count> counts) {

	private static final Comparator<Count> ORDER = Comparator.comparing(Count::type)
		.thenComparing(Count::environment)
		.thenComparing(Count::state);

	/** Sorts and copies the counts, so the census stays immutable. */
	public TokenCensus {
		Objects.requireNonNull(at, "at must not be null");
		counts = Objects.requireNonNull(counts, "counts must not be null").stream().sorted(ORDER).toList();
	}

	/** All tokens. */
	public long total() {
		return this.counts.stream().mapToLong(Count::tokens).sum();
	}

	/** The tokens in {@code state}. */
	public long count(State state) {
		return this.counts.stream().filter(count -> count.state() == state).mapToLong(Count::tokens).sum();
	}

	/**
	 * A token's state at an instant. A revocation that has taken effect wins over an
	 * expiry; a rotated token stays active until the end of its grace period.
	 */
	public enum State {

		/** Neither revoked nor expired: it authenticates. */
		ACTIVE,
		/** Past its expiry and not revoked. */
		EXPIRED,
		/** Its revocation has taken effect. */
		REVOKED;

		/** The lowercase code used in SQL and JSON. */
		@JsonValue
		public String code() {
			return name().toLowerCase(Locale.ROOT);
		}

		static State fromCode(String code) {
			return valueOf(code.toUpperCase(Locale.ROOT));
		}

	}

	/**
	 * How many tokens share a type, an environment and a state.
	 *
	 * @param type the type prefix, e.g. {@code sk}
	 * @param environment test or live
	 * @param state active, expired or revoked
	 * @param tokens how many tokens, at least one
	 */
	public record Count(String type, TokenEnvironment environment, State state, long tokens) {

	}

}
