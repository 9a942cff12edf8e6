package dev.bearer.spring.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds the lookups of presented keys that identify no stored token, per client IP and
 * per key, in windows of time (the backend SPI: local, or shared across nodes). A lookup
 * of a key this node does not know is charged to both budgets before it runs and refunded
 * when the key identifies a token, so a client never gets more failed lookups than its
 * budget, however many requests it sends at once. While either budget is exhausted,
 * Bearer refuses such keys without a lookup; a key that identified a token recently is
 * always admitted. Keys are passed as digests, never in plaintext.
 */
public interface FailureBudget {

	/**
	 * Admits every lookup and charges nothing: what {@code failure-budget.enabled=false}
	 * installs.
	 */
	FailureBudget UNLIMITED = new FailureBudget() {

		@Override
		public Admission admit(String clientIp, String keyDigest) {
			return Admission.FREE;
		}

		@Override
		public void identified(String clientIp, String keyDigest, Admission admission) {
		}

		@Override
		public void unidentified(String clientIp, String keyDigest, Admission admission) {
		}

		@Override
		public void released(String clientIp, String keyDigest, Admission admission) {
		}

	};

	/**
	 * Decides whether a key presented by {@code clientIp} may be looked up, charging the
	 * lookup to the client's and the key's budgets unless the key is known.
	 */
	Admission admit(String clientIp, String keyDigest);

	/**
	 * The lookup admitted by {@code admission} identified a stored token (active or not):
	 * refunds its charge and remembers the key as known.
	 */
	void identified(String clientIp, String keyDigest, Admission admission);

	/**
	 * The lookup admitted by {@code admission} identified no stored token: it counts as a
	 * failure of the client and the key (charged now if it was admitted free), and the
	 * key is no longer known.
	 */
	void unidentified(String clientIp, String keyDigest, Admission admission);

	/**
	 * The lookup admitted by {@code admission} could not tell (the key store failed):
	 * refunds its charge.
	 */
	void released(String clientIp, String keyDigest, Admission admission);

	/**
	 * Whether a lookup may run, and what it was charged.
	 *
	 * @param charged whether one failure was taken from the client's and the key's
	 * budgets
	 * @param retryAfter {@link Duration#ZERO} when the lookup may run, else how long
	 * until the exhausted budget refills
	 */
	record Admission(boolean charged, Duration retryAfter) {

		/** Admitted without a charge: the key is known (or nothing is counted). */
		public static final Admission FREE = new Admission(false, Duration.ZERO);

		/** Admitted and charged one failure. */
		public static final Admission CHARGED = new Admission(true, Duration.ZERO);

		/** Checks the parts. */
		public Admission {
			Objects.requireNonNull(retryAfter, "retryAfter must not be null");
		}

		/** Refused until the budget refills, in {@code retryAfter}. */
		public static Admission refused(Duration retryAfter) {
			return new Admission(false, retryAfter);
		}

		/** Whether the lookup may run. */
		public boolean admitted() {
			return this.retryAfter.isZero();
		}

	}

}
