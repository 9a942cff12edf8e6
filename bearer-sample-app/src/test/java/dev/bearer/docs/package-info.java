/**
 * Every Java snippet of the README and the guide, compiled here against the real API;
 * {@link dev.bearer.docs.DocumentationSnippetsTests} fails when a snippet in the docs is
 * not among them.
 */
package dev.bearer.docs;
