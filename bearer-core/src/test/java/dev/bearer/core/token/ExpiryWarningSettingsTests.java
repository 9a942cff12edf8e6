package dev.bearer.core.token;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The thresholds of {@link ExpiryWarningSettings}. */
class ExpiryWarningSettingsTests {

	@Test
	void thresholdsAreSortedSmallestFirstWithoutDuplicates() {
		ExpiryWarningSettings settings = new ExpiryWarningSettings(
				List.of(Duration.ofDays(3), Duration.ofDays(14), Duration.ofDays(3), Duration.ofDays(1)), null);

		assertThat(settings.thresholds()).containsExactly(Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(14));
		assertThat(settings.largestThreshold()).isEqualTo(Duration.ofDays(14));
	}

	@Test
	void theSmallestThresholdARemainingTimeIsWithinApplies() {
		ExpiryWarningSettings settings = ExpiryWarningSettings.DEFAULTS;

		assertThat(settings.thresholdFor(Duration.ofDays(15))).isNull();
		assertThat(settings.thresholdFor(Duration.ofDays(14))).isEqualTo(Duration.ofDays(14));
		assertThat(settings.thresholdFor(Duration.ofDays(2))).isEqualTo(Duration.ofDays(3));
		assertThat(settings.thresholdFor(Duration.ofHours(1))).isEqualTo(Duration.ofDays(1));
	}

	@Test
	void emptyOrNonPositiveThresholdsAndIdleAfterAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ExpiryWarningSettings(List.of(), null))
			.withMessageContaining("thresholds");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ExpiryWarningSettings(List.of(Duration.ofDays(1), Duration.ZERO), null))
			.withMessageContaining("thresholds");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ExpiryWarningSettings(List.of(Duration.ofDays(1)), Duration.ofHours(-1)))
			.withMessageContaining("idleAfter");
	}

}
