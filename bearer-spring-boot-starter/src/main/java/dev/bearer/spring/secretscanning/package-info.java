/**
 * GitHub's secret-scanning partner endpoint: signed reports of leaked keys, verified
 * against configured public keys, revoke the keys they name.
 */
package dev.bearer.spring.secretscanning;
