/** Tests that run inside the resolved distribution (osgi-test, bnd-testing-maven-plugin). */
package os2.distribution.framework;
