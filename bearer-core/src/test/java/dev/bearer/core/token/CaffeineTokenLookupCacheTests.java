package dev.bearer.core.token;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.bearer.core.test.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class CaffeineTokenLookupCacheTests {

	private final MutableClock clock = MutableClock.startingNow();

	private final CaffeineTokenLookupCache cache = new CaffeineTokenLookupCache(Duration.ofMinutes(1), 100,
			Duration.ofMinutes(1), 100, this.clock);

	private final Token token = token(null, null);

	@Test
	void lookupReadInTheCurrentGenerationIsCached() {
		this.cache.put("hash", this.token, this.cache.generation());

		assertThat(this.cache.get("hash")).contains(this.token);
	}

	@Test
	void lookupThatRacedAnEvictionIsNotCached() {
		long readBeforeRevocation = this.cache.generation();
		this.cache.evict("hash");

		this.cache.put("hash", this.token, readBeforeRevocation);

		assertThat(this.cache.get("hash")).isEmpty();
	}

	@Test
	void hashFoundUnknownInTheCurrentGenerationIsRemembered() {
		this.cache.putUnknown("hash", this.cache.generation());

		assertThat(this.cache.isUnknown("hash")).isTrue();
		assertThat(this.cache.isUnknown("other")).isFalse();
		assertThat(this.cache.get("hash")).isEmpty();
	}

	@Test
	void evictionForgetsThatAHashWasUnknown() {
		this.cache.putUnknown("hash", this.cache.generation());

		this.cache.evict("hash");

		assertThat(this.cache.isUnknown("hash")).isFalse();
	}

	@Test
	void unknownLookupThatRacedAnEvictionIsNotRemembered() {
		long readBeforeIssue = this.cache.generation();
		this.cache.evict("hash");

		this.cache.putUnknown("hash", readBeforeIssue);

		assertThat(this.cache.isUnknown("hash")).isFalse();
	}

	@Test
	void zeroNegativeTimeToLiveRemembersNoUnknownHash() {
		CaffeineTokenLookupCache withoutNegatives = new CaffeineTokenLookupCache(Duration.ofMinutes(1), 100,
				Duration.ZERO, 100, this.clock);

		withoutNegatives.putUnknown("hash", withoutNegatives.generation());

		assertThat(withoutNegatives.isUnknown("hash")).isFalse();
	}

	@Test
	void disabledCacheRemembersNoUnknownHash() {
		TokenLookupCache.NONE.putUnknown("hash", TokenLookupCache.NONE.generation());

		assertThat(TokenLookupCache.NONE.isUnknown("hash")).isFalse();
	}

	@Test
	void statisticsCountHeldTokensHitsAndMisses() {
		this.cache.get("hash");
		this.cache.put("hash", this.token, this.cache.generation());
		this.cache.get("hash");
		this.cache.get("hash");
		this.cache.get("other");

		assertThat(this.cache.statistics()).contains(new TokenLookupCache.Statistics(1, 2, 2));
	}

	@Test
	void disabledCacheKeepsNoStatistics() {
		assertThat(TokenLookupCache.NONE.statistics()).isEmpty();
	}

	@Test
	void evictAllForgetsEveryTokenAndUnknownHash() {
		this.cache.put("hash", this.token, this.cache.generation());
		this.cache.putUnknown("unknown", this.cache.generation());
		long before = this.cache.generation();

		this.cache.evictAll();

		assertThat(this.cache.get("hash")).isEmpty();
		assertThat(this.cache.isUnknown("unknown")).isFalse();
		assertThat(this.cache.generation()).isNotEqualTo(before);
	}

	@Test
	void rotatedTokenIsHeldNoLongerThanItsGracePeriodWhileTheRefusedOneStays() {
		Instant graceEnd = this.clock.instant().plusMillis(300);
		Token inGrace = token(graceEnd, null);
		Token revoked = token(this.clock.instant().minusSeconds(1), null);
		this.cache.put("in-grace", inGrace, this.cache.generation());
		this.cache.put("revoked", revoked, this.cache.generation());

		assertThat(this.cache.get("in-grace")).contains(inGrace);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.cache.get("in-grace").isEmpty());
		assertThat(this.cache.get("revoked")).contains(revoked);
	}

	@Test
	void expiringTokenIsHeldNoLongerThanUntilItExpires() {
		Token expiring = token(null, this.clock.instant().plusMillis(300));
		Token unbounded = token(null, null);
		this.cache.put("expiring", expiring, this.cache.generation());
		this.cache.put("unbounded", unbounded, this.cache.generation());

		assertThat(this.cache.get("expiring")).contains(expiring);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.cache.get("expiring").isEmpty());
		assertThat(this.cache.get("unbounded")).contains(unbounded);
	}

	private static Token token(Instant revokedAt, Instant expiresAt) {
		return new Token(1L, TokenOwner.of("user", 1), "cached", "sk", TokenEnvironment.TEST, "sk_test_abcd",
				HashAlgorithm.SHA256, List.of("*"), Map.of(), List.of(), List.of(), null, null, null, null, expiresAt,
				null, revokedAt, Instant.EPOCH, Instant.EPOCH);
	}

}
