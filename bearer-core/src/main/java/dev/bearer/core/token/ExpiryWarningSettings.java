package dev.bearer.core.token;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the {@link ExpiryWarningScan}.
 *
 * @param thresholds how long before a key's deadline it is warned, e.g. 14, 3 and 1 days
 * @param idleAfter how long a key may go unused before {@link TokenIdle} is published
 * even without an idle-expiry policy, or {@code null} for only keys past their idle
 * expiry
 */
public record ExpiryWarningSettings(List<Duration> thresholds, Duration idleAfter) {

	/** The default thresholds: 14 days, 3 days, 1 day. */
	public static final List<Duration> DEFAULT_THRESHOLDS = List.of(Duration.ofDays(14), Duration.ofDays(3),
			Duration.ofDays(1));

	/** The default thresholds, no {@code idleAfter}. */
	public static final ExpiryWarningSettings DEFAULTS = new ExpiryWarningSettings(DEFAULT_THRESHOLDS, null);

	/** Validates the settings and sorts the thresholds, smallest first. */
	public ExpiryWarningSettings {
		Objects.requireNonNull(thresholds, "thresholds must not be null");
		if (thresholds.isEmpty()) {
			throw new IllegalArgumentException("thresholds must name at least one duration");
		}
		for (Duration threshold : thresholds) {
			if (threshold == null || threshold.isNegative() || threshold.isZero()) {
				throw new IllegalArgumentException("thresholds must be positive (was " + threshold + ")");
			}
		}
		thresholds = thresholds.stream().distinct().sorted().toList();
		if (idleAfter != null && (idleAfter.isNegative() || idleAfter.isZero())) {
			throw new IllegalArgumentException("idleAfter must be positive (was " + idleAfter + ")");
		}
	}

	/** The largest threshold. */
	public Duration largestThreshold() {
		return this.thresholds.get(this.thresholds.size() - 1);
	}

	/**
	 * The smallest threshold {@code remaining} is within, or {@code null} when it is
	 * beyond them all.
	 */
	public Duration thresholdFor(Duration remaining) {
		return this.thresholds.stream()
			.filter(threshold -> remaining.compareTo(threshold) <= 0)
			.findFirst()
			.orElse(null);
	}

}
