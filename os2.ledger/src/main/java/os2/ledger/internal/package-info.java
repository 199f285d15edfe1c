/** The ledger's implementation; private to the bundle. */
package os2.ledger.internal;
