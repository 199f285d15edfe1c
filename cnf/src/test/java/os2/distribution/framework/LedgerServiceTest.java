package os2.distribution.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import os2.ledger.api.Entry;
import os2.ledger.api.EntryDraft;
import os2.ledger.api.Ledger;
import os2.ledger.api.ProofVerifier;
import os2.ledger.api.Receipt;

/** The Ledger service as a bundle sees it in the running distribution. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class LedgerServiceTest {

	@InjectBundleContext
	BundleContext context;

	@InjectService
	Ledger ledger;

	@Test
	void entriesCarryTheAppendingBundleAsTheirActor() {
		Receipt receipt = ledger.append(EntryDraft.of("note", Map.of("from", "the test bundle")));

		Entry entry = ledger.read(receipt.index());
		assertEquals(context.getBundle().getSymbolicName() + "@" + context.getBundle().getVersion(), entry.actor());
		assertEquals(Map.of("from", "the test bundle"), entry.payload());
	}

	@Test
	void aReceiptsRootProvesTheEntry() {
		Receipt receipt = ledger.append(EntryDraft.of("note", Map.of("n", 1)));

		assertTrue(ProofVerifier.verifyInclusion(ledger.inclusionProof(receipt.index(), receipt.treeSize()),
				receipt.rootHash()));
	}

	@Test
	void theLedgerVerifies() {
		ledger.append(EntryDraft.of("note", Map.of("n", 2)));

		assertTrue(ledger.verify().ok(), ledger.verify().problem());
	}
}
