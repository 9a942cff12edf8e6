package dev.bearer.spring.security;

import org.springframework.context.PayloadApplicationEvent;
import org.springframework.core.ResolvableType;

/**
 * A {@link PayloadApplicationEvent} carrying one of Bearer's authentication events, whose
 * type ({@code PayloadApplicationEvent<TokenAuthenticated>} and the like) is resolved
 * once per payload class. Published as a plain object, the payload is wrapped in a
 * {@code PayloadApplicationEvent} whose type is built again on every request and then
 * compared with the listener cache's keys, a cost the load benchmark's profiles showed on
 * every request. Listeners see no difference: an {@code @EventListener} method of
 * {@code TokenAuthenticated} receives the payload, as it would from
 * {@code publishEvent(Object)}.
 *
 * @param <T> the payload's type
 */
final class AuthenticationEventPayload<T> extends PayloadApplicationEvent<T> {

	private static final ClassValue<ResolvableType> TYPES = new ClassValue<>() {

		@Override
		protected ResolvableType computeValue(Class<?> payloadClass) {
			return ResolvableType.forClassWithGenerics(PayloadApplicationEvent.class, payloadClass);
		}

	};

	/** {@code payload}, published by {@code source}. */
	AuthenticationEventPayload(Object source, T payload) {
		super(source, payload, TYPES.get(payload.getClass()).getGeneric());
	}

	@Override
	public ResolvableType getResolvableType() {
		return TYPES.get(getPayload().getClass());
	}

}
