// Package webcheck holds the tests that meet the built site where hosts,
// browsers and readers meet it: served under a sub-path by a GitHub
// Pages-like server, opened from disk, read with a screen reader's
// expectations (axe-core), checked by the W3C Nu validator, weighed over
// the wire, and laid out at 320 px and on paper.
//
// The package has no code of its own; everything is in its tests. The tests
// build the real content/ once, with the base URL of a local server, and
// share it. Tests that need Chromium, Java or the npm tools in .ci/npm skip
// with a message when those are missing; .ci/run installs them.
package webcheck
