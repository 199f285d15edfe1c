/**
 * A witness for OS2 ledgers (and any log of C2SP checkpoints): it keeps the newest checkpoint it
 * cosigned of each log it knows, cosigns a new one only if it extends that one, and so catches a
 * log that was rolled back or forked. Plain Java with no OSGi: {@link os2.ledger.witness.WitnessMain}
 * runs it from the ledger's jar ({@code ./os2 witness ...}). Private to the bundle.
 */
package os2.ledger.witness;
