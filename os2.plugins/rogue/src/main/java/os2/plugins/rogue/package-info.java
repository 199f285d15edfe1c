/** A bundle that wants more than it is granted: the fixture of the grant enforcement tests. */
package os2.plugins.rogue;
