package dev.bearer.jpaapp;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/**
 * An application's own JPA entity, outside {@code dev.bearer.spring} so only the JPA test
 * scans it.
 */
@Entity
public class Widget {

	@Id
	@GeneratedValue
	private Long id;

	private String name;

	protected Widget() {
	}

	/** A widget called {@code name}. */
	public Widget(String name) {
		this.name = name;
	}

	/** The widget's id. */
	public Long getId() {
		return this.id;
	}

	/** The widget's name. */
	public String getName() {
		return this.name;
	}

}
