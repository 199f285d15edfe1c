package os2.kernel.internal.grants;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.osgi.framework.Bundle;

import os2.kernel.internal.RunContext;
import os2.ledger.api.EntryDraft;
import os2.ledger.api.Kinds;

/**
 * Puts grant decisions on record as {@code grant-decision} entries. A capability check is
 * recorded every time. A visibility decision (may this bundle see that service) is taken by the
 * registry hooks on every lookup and event, so it is recorded once per bundle, permission and
 * answer until the policy changes (the record shows every distinct decision without repeating
 * the same one thousands of times), and not at all when a bundle holding {@code service:*} sees
 * a service: that is the policy's standing word for the distribution's own bundles.
 */
final class DecisionLog {

	private final Consumer<EntryDraft> ledger;
	private final Consumer<Bundle> denied;
	private final Set<String> recordedVisibility = ConcurrentHashMap.newKeySet();

	/**
	 * @param ledger appends without waiting (hooks run under the framework's locks)
	 * @param denied told of every denial recorded (the metrics count them)
	 */
	DecisionLog(Consumer<EntryDraft> ledger, Consumer<Bundle> denied) {
		this.ledger = ledger;
		this.denied = denied;
	}

	void visibility(Bundle bundle, String permission, GrantGuard.Decision decision) {
		if (decision.allowed() && decision.grant().startsWith("service:*:")) {
			// A bundle holding every service is the distribution's own (Felix, SCR, the kernel...):
			// the policy says so once, and saying it again for each service at every start would
			// put dozens of entries in the ledger per run and tell an auditor nothing new.
			return;
		}
		if (recordedVisibility.add(bundle.getBundleId() + " " + permission + " " + decision.allowed())) {
			record(bundle, permission, decision, "visibility");
		}
	}

	void check(Bundle bundle, String permission, GrantGuard.Decision decision) {
		record(bundle, permission, decision, "check");
	}

	void policyChanged() {
		recordedVisibility.clear();
	}

	private void record(Bundle bundle, String permission, GrantGuard.Decision decision, String how) {
		if (!decision.allowed()) {
			denied.accept(bundle);
		}
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("bundle", bundle.getSymbolicName() == null ? "bundle " + bundle.getBundleId() : bundle.getSymbolicName());
		payload.put("version", bundle.getVersion().toString());
		payload.put("permission", permission);
		payload.put("allowed", decision.allowed());
		payload.put("grant", decision.allowed() ? decision.grant() : "none");
		payload.put("how", how);
		// Under the run it was taken for, when a tool's run took it (why RUN lists them).
		Optional<RunContext> run = RunContext.current();
		ledger.accept(new EntryDraft(Kinds.GRANT_DECISION, run.map(RunContext::session).orElse(""),
				run.map(RunContext::run).orElse(""), 0, payload));
	}
}
