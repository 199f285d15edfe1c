package os2.kernel.internal.grants;

import org.osgi.framework.Bundle;

import os2.kernel.api.Budget;
import os2.kernel.api.GrantDeniedException;

/** The policy's say on budgets: the defaults of a run, and how far a tool's runs may go beyond them. */
public interface BudgetAuthority {

	Budget defaults();

	/** The JTokkit encoding tokens are counted with ({@code o200k_base} unless the policy says otherwise). */
	String tokenEncoding();

	/** When the kernel snapshots a workspace before a run: {@code never}, {@code writes} or {@code always}. */
	default String checkpoints() {
		return "never";
	}

	/**
	 * Allows {@code requested} for a run of a tool from {@code tool}: each limit at or below the
	 * default, or covered by a {@code budget:KIND:MAX} grant of the bundle. The token budget is
	 * free: it bounds only what the reader is shown.
	 *
	 * @throws GrantDeniedException naming the budget grant that would allow it
	 */
	void authorize(Bundle tool, Budget requested);
}
