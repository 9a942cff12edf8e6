package dev.bearer.spring.autoconfigure;

/**
 * A bean uses method-security annotations while method security is not enabled, so they
 * would be ignored.
 */
public class MethodSecurityNotEnabledException extends IllegalStateException {

	private final String beanName;

	private final String guarded;

	/**
	 * {@code guarded} (a class or method of bean {@code beanName}) carries an annotation
	 * that would be ignored.
	 */
	public MethodSecurityNotEnabledException(String beanName, String guarded) {
		super(guarded + " (bean '" + beanName + "') is guarded by a method-security annotation such as @PreAuthorize, "
				+ "but method security is not enabled, so the annotation would be ignored");
		this.beanName = beanName;
		this.guarded = guarded;
	}

	/** The bean whose class or method is guarded. */
	public String getBeanName() {
		return this.beanName;
	}

	/** The guarded class or method, e.g. {@code com.example.OrdersController.list}. */
	public String getGuarded() {
		return this.guarded;
	}

}
