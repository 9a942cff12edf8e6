package dev.bearer.core.token;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CaffeineTokenLookupCacheTests {

	private final CaffeineTokenLookupCache cache = new CaffeineTokenLookupCache(Duration.ofMinutes(1), 100,
			Duration.ofMinutes(1), 100);

	private final Token token = new Token(1L, TokenOwner.of("user", 1), "cached", "sk", TokenEnvironment.TEST,
			"sk_test_abcd", HashAlgorithm.SHA256, List.of("*"), Map.of(), List.of(), List.of(), null, null, null, null,
			null, null, Instant.EPOCH, Instant.EPOCH);

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
				Duration.ZERO, 100);

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

}
