/**
 * The OS2 ledger: every action on record in a hash chain and an RFC 9162 Merkle tree, durable,
 * provable and signed. {@link os2.ledger.api.ProofVerifier} checks proofs and checkpoints without
 * access to the ledger, so an auditor can verify an export on their own.
 */
@Export
@Version("0.6.0")
package os2.ledger.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
