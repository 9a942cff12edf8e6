package dev.bearer.sample;

import java.util.List;
import java.util.Map;

import dev.bearer.core.token.ExpiryWarningScan;
import dev.bearer.spring.security.RequiresAbility;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The latest expiry warnings, and a scan on demand (the scheduled one runs every
 * {@code bearer.tokens.expiry-warnings.scan-interval}); needs the {@code admin} ability.
 */
@RestController
@RequestMapping("/api/admin/tokens/warnings")
@RequiresAbility("admin")
class ExpiryWarningController {

	private final ExpiryWarningLog log;

	private final ObjectProvider<ExpiryWarningScan> scan;

	ExpiryWarningController(ExpiryWarningLog log, ObjectProvider<ExpiryWarningScan> scan) {
		this.log = log;
		this.scan = scan;
	}

	@GetMapping
	List<ExpiryWarningLog.Warning> latest() {
		return this.log.latest();
	}

	/** Scans now; answers how many warnings it published and the latest warnings. */
	@PostMapping("/scan")
	Map<String, Object> scan() {
		ExpiryWarningScan scan = this.scan.getIfAvailable();
		if (scan == null) {
			throw new ResponseStatusException(HttpStatus.CONFLICT,
					"Expiry warnings are off (bearer.tokens.expiry-warnings.enabled=false)");
		}
		int published = scan.scan();
		return Map.of("published", published, "warnings", this.log.latest());
	}

}
