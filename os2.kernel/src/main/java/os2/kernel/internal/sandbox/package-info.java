/**
 * Runs host processes sandboxed by bubblewrap (or, when the policy says {@code "sandbox": "none"},
 * unsandboxed with the same environment scrubbing and limits), streaming their output and
 * stopping them at their limits. Plain Java, no OSGi: the kernel's services wrap it.
 */
package os2.kernel.internal.sandbox;
