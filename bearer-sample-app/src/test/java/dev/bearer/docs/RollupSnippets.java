package dev.bearer.docs;

// @formatter:off (the guides quote this file line for line: it keeps their layout)

import java.time.Instant;

import javax.sql.DataSource;

import dev.bearer.core.audit.UsageRollups;
import dev.bearer.core.schema.BearerSchema;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The usage-rollup snippets of {@code docs/usage-analytics.md} and {@code operations.md}: the
 * rebuilds, and an admin endpoint that rebuilds a range after an import.
 */
@RestController
final class RollupSnippets {

	private final UsageRollups rollups;

	RollupSnippets(UsageRollups rollups) {
		this.rollups = rollups;
	}

	void rebuilds(DataSource dataSource, long tokenId) {
		UsageRollups rollups = new UsageRollups(BearerSchema.of(dataSource));   // a bean with the starter
		rollups.rebuildToken(tokenId);
		rollups.rebuildOwner("user", "42");              // a TokenOwner's type() and id()
		rollups.rebuild(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-02-01T00:00:00Z"));
		rollups.rebuildAll();
	}

	@PostMapping("/admin/usage-rollups/rebuild")
	long rebuild(@RequestParam Instant from, @RequestParam Instant to) {
		return this.rollups.rebuild(from, to);      // or rebuildToken, rebuildOwner, rebuildAll
	}

}
