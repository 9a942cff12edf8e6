package dev.bearer.core.test;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A small seeded fuzzer for property tests on the JUnit Platform: {@link #check} runs a
 * property against many generated inputs ({@link FuzzInput}), each drawn from a seed of
 * its own. A failure names the property, the try, the run's seed and every value the
 * failing try drew last; {@code -Dbearer.fuzz.seed=<seed>} replays the same run. Without
 * it, each run draws a new seed, so CI explores new inputs every time.
 */
public final class Fuzz {

	/** The system property that fixes the seed of every property in the JVM. */
	public static final String SEED_PROPERTY = "bearer.fuzz.seed";

	private static final int DESCRIBED_INPUTS = 12;

	private Fuzz() {
	}

	/**
	 * Runs {@code property} {@code tries} times with fresh inputs.
	 * @throws AssertionError naming the seed and the inputs of the first failing try
	 */
	public static void check(String property, int tries, Consumer<FuzzInput> check) {
		long seed = seed();
		SplittableRandom seeds = new SplittableRandom(seed);
		for (int i = 1; i <= tries; i++) {
			FuzzInput input = new FuzzInput(seeds.split());
			try {
				check.accept(input);
			}
			catch (RuntimeException | AssertionError ex) {
				List<String> drawn = input.drawn();
				throw new AssertionError("Property '" + property + "' failed on try " + i + " of " + tries
						+ " (replay: -D" + SEED_PROPERTY + "=" + seed + "): " + ex + "\n  last inputs drawn: "
						+ drawn.subList(Math.max(0, drawn.size() - DESCRIBED_INPUTS), drawn.size()), ex);
			}
		}
	}

	private static long seed() {
		String fixed = System.getProperty(SEED_PROPERTY);
		return (fixed != null && !fixed.isBlank()) ? Long.parseLong(fixed.trim()) : new SplittableRandom().nextLong();
	}

}
