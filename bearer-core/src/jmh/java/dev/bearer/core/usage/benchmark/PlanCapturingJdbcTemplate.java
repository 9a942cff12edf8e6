package dev.bearer.core.usage.benchmark;

import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A {@link JdbcTemplate} that can collect the warnings statements raise; with PostgreSQL's
 * {@code auto_explain} logging at NOTICE level, those are the plans of the statements the usage
 * queries really ran, with their real parameters.
 */
final class PlanCapturingJdbcTemplate extends JdbcTemplate {

	private List<String> captured;

	PlanCapturingJdbcTemplate(DataSource dataSource) {
		super(dataSource);
	}

	/** Runs {@code action} and returns the warnings (plans) its statements raised. */
	List<String> capture(Runnable action) {
		this.captured = new ArrayList<>();
		try {
			action.run();
			return this.captured;
		}
		finally {
			this.captured = null;
		}
	}

	@Override
	protected void handleWarnings(Statement statement) throws SQLException {
		if (this.captured == null) {
			super.handleWarnings(statement);
			return;
		}
		for (SQLWarning warning = statement.getWarnings(); warning != null; warning = warning.getNextWarning()) {
			this.captured.add(warning.getMessage());
		}
	}

}
