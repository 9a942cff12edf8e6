package dev.bearer.core.token;

/** The token lifecycle on embedded H2. */
class H2TokenServiceTests extends TokenServiceContractTests {

	@Override
	protected String utcText(String column) {
		return "formatdatetime(" + column + ", 'yyyy-MM-dd HH:mm:ss', 'en', 'UTC')";
	}

}
