/** What the kernel counts: runs, failures, denials, limits, tokens, ledger latency. */
package os2.kernel.internal.metrics;
