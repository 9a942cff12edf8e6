package dev.bearer.core.audit;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores an {@link AuditEvent} as its lowercase code. */
@Converter
public class AuditEventConverter implements AttributeConverter<AuditEvent, String> {

	@Override
	public String convertToDatabaseColumn(AuditEvent event) {
		return (event != null) ? event.code() : null;
	}

	@Override
	public AuditEvent convertToEntityAttribute(String code) {
		return (code != null) ? AuditEvent.fromCode(code) : null;
	}

}
