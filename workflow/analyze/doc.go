// Package analyze computes the sensitivity indices (Sobol', Morris,
// standardised regression coefficients) of a finished sweep from its run
// table, after checking that the experiment recorded in its manifest still
// resolves to the same runs, and writes and prints them.
package analyze
